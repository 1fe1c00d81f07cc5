using Microsoft.EntityFrameworkCore;
using Planwerk.Accounts;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Employees;

/// <summary>The rules for users of a cloud. The API, the UI and the CLI all add users through here.</summary>
public sealed class EmployeeService(PlanwerkDb db, AccountService accounts, AuditLog audit, TimeProvider time)
{
    /// <summary>Adds an account (found or created by e-mail) to the cloud with a security group the plan allows.</summary>
    public async Task<Employee> AddAsync(Guid cloudId, string email, string firstName, string lastName, SecurityGroup group,
        string? password, AuditActor actor, CancellationToken ct)
    {
        db.UseCloud(cloudId);
        var cloud = await db.Clouds.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cloudId, ct)
            ?? throw DomainException.NotFound("Cloud", cloudId);
        if (!cloud.Plan.Allows(group))
        {
            throw PlanGate.Unavailable(PlanFeature.ExtendedSecurityGroups, cloud.Plan, "/securityGroup");
        }

        firstName = (firstName ?? string.Empty).Trim();
        lastName = (lastName ?? string.Empty).Trim();
        if (firstName.Length is 0 or > 100)
        {
            throw DomainException.Invalid("/firstName", "firstName is required and may have at most 100 characters.");
        }

        if (lastName.Length is 0 or > 100)
        {
            throw DomainException.Invalid("/lastName", "lastName is required and may have at most 100 characters.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var account = await accounts.FindOrCreateAsync(email, password, ct);
        if (await db.Employees.AnyAsync(e => e.AccountId == account.Id, ct))
        {
            throw DomainException.Conflict(ErrorCodes.Conflict, $"{account.Email} is already a user of this cloud.");
        }

        var employee = new Employee
        {
            AccountId = account.Id,
            FirstName = firstName,
            LastName = lastName,
            SecurityGroup = group,
            EmployeeNumber = await db.NextEmployeeNumberAsync(cloudId, ct),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Employees.Add(employee);
        audit.Record(cloudId, actor, AuditActions.UserCreated, "user", employee.Id, newValue: $"{account.Email} ({group})");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return employee;
    }

    /// <summary>The active user of the cloud with this e-mail address.</summary>
    public async Task<Employee> FindByEmailAsync(Guid cloudId, string email, CancellationToken ct)
    {
        db.UseCloud(cloudId);
        var normalized = email.Trim().ToUpperInvariant();
        return await db.Employees.Include(e => e.Account)
            .FirstOrDefaultAsync(e => e.Account!.NormalizedEmail == normalized, ct)
            ?? throw new DomainException(404, ErrorCodes.NotFound, $"No user with e-mail \"{email}\" in this cloud.");
    }
}
