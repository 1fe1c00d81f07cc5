using Planwerk.Access;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Tests.Access;

/// <summary>
/// The rights table against CORE-API.md's "Rights (v1)", written out here independently: A = AllRights, V = AdvancedRights,
/// B = BasicRights, G = GuestRights, O = the owner only. The governance and UI access matrices check the doors that read it.
/// </summary>
public sealed class RightsTableTests
{
    private static readonly Dictionary<Right, string> Expected = new()
    {
        [Right.Work] = "AVB",
        [Right.PlanProjects] = "AV",
        [Right.EditTasks] = "AVB",
        [Right.ReadCrm] = "AVB",
        [Right.EditCrm] = "AV",
        [Right.RecordWork] = "AVB",
        [Right.ManageAllWorkRecords] = "AV",
        [Right.ReadSeats] = "AVB",
        [Right.ManageUsers] = "A",
        [Right.ManageTeams] = "A",
        [Right.Calendar] = "AVB",
        [Right.ManageAllAppointments] = "AV",
        [Right.ManageAllAbsences] = "A",
        [Right.ManageObjectRights] = "AV",
        [Right.ModerateComments] = "A",
        [Right.ReadAuditLog] = "A",
        [Right.ManageWebhooks] = "A",
        [Right.ManageCloud] = "O",
    };

    [Fact]
    public void EveryRight_HasARule_AndAnExpectation()
    {
        Assert.Equal(Enum.GetValues<Right>().Order(), Expected.Keys.Order());
        Assert.All(Enum.GetValues<Right>(), r => Assert.NotNull(Rights.Of(r)));
    }

    public static TheoryData<Right, SecurityGroup, bool> Cases()
    {
        var data = new TheoryData<Right, SecurityGroup, bool>();
        foreach (var right in Enum.GetValues<Right>())
        {
            foreach (var group in Enum.GetValues<SecurityGroup>())
            {
                data.Add(right, group, false);
                data.Add(right, group, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ACaller_HasARight_ExactlyAsTheSpecSays(Right right, SecurityGroup group, bool owner)
    {
        var caller = new Caller(Guid.NewGuid(), Guid.NewGuid(), group, Plan.Professional, owner, "api");
        var letter = group switch
        {
            SecurityGroup.AllRights => 'A',
            SecurityGroup.AdvancedRights => 'V',
            SecurityGroup.BasicRights => 'B',
            _ => 'G',
        };
        var expected = Expected[right] == "O" ? owner : Expected[right].Contains(letter);

        Assert.Equal(expected, caller.Has(right));
        if (expected)
        {
            Rights.Require(caller, right, "do it");
        }
        else
        {
            var refusal = Assert.Throws<DomainException>(() => Rights.Require(caller, right, "do it"));
            Assert.Equal(ErrorCodes.Forbidden, refusal.Code);
            Assert.Equal(Expected[right] == "O" ? "Only the cloud's owner may do it." : "Your security group may not do it.", refusal.Message);
        }
    }
}
