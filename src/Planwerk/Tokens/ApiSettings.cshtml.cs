using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Tokens;

/// <summary>A row of a token table: the token and its user's name.</summary>
public sealed record TokenRow(ApiToken Token, string UserName);

/// <summary>A token table: the caller's own tokens, or (for the owner) every token of the cloud.</summary>
public sealed record TokenTable(IReadOnlyList<TokenRow> Rows, bool ShowOwner, string Id);

/// <summary>
/// <c>/settings/integrations/api</c>: the Core API tile. The owner's API switch; everyone's own tokens
/// (create, shown once, revoke); the owner sees and revokes every token of the cloud.
/// </summary>
public sealed class ApiSettingsModel(TokenService tokens, CloudService clouds, EmployeeService employees) : AppPage
{
    public sealed class TokenInput
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(ApiToken.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        public string Name { get; set; } = string.Empty;

        [StringLength(ApiToken.DescriptionMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Description { get; set; }

        [DataType(DataType.Date)]
        public DateOnly? ExpiresAt { get; set; }
    }

    protected override Right? Access => Right.Work;

    [BindProperty]
    public TokenInput Input { get; set; } = new();

    public string? NewToken { get; private set; }

    public IReadOnlyList<TokenRow> MyTokens { get; private set; } = [];

    public IReadOnlyList<TokenRow> AllTokens { get; private set; } = [];

    public string BaseUrl => $"{Request.Scheme}://{Request.Host}/api/core";

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        // The expiry is the end of the chosen day, in UTC.
        DateTime? expiresAt = Input.ExpiresAt?.ToDateTime(new TimeOnly(23, 59, 59), DateTimeKind.Utc);
        CreatedToken? created = null;
        if (await TryAsync(async () => created = await tokens.CreateAsync(Caller, Caller.EmployeeId, Input.Name, Input.Description,
                expiresAt, Errors(), ct)))
        {
            NewToken = created!.Secret;
            ModelState.Clear();
            Input = new TokenInput();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, string? scope, CancellationToken ct)
    {
        // Anyone revokes their own; only the owner revokes another's: the service refuses a forged "all" (403).
        await tokens.RevokeAsync(Caller, id, scope == "all" ? TokenScope.Cloud : TokenScope.Own, ct);
        Flash = T["Api.RevokedFlash"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSwitchAsync(bool? enabled, CancellationToken ct)
    {
        if (!Caller.Has(Right.ManageCloud))
        {
            return ForbiddenPage(); // rights before input, as in the API (the service refuses non-owners too)
        }

        var on = Required(enabled, "enabled");
        await clouds.SetApiAccessAsync(Caller, on, ct);
        Flash = on ? T["Api.TurnedOn"] : T["Api.TurnedOff"];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var names = await employees.NamesAsync(Caller, ct);
        MyTokens = await RowsAsync(tokens.List(Caller, TokenScope.Own), names, ct);
        AllTokens = Caller.Has(Right.ManageCloud) ? await RowsAsync(tokens.List(Caller, TokenScope.Cloud), names, ct) : [];
    }

    private static async Task<IReadOnlyList<TokenRow>> RowsAsync(IQueryable<ApiToken> query, IReadOnlyDictionary<Guid, string> names, CancellationToken ct) =>
        (await query.OrderByDescending(t => t.CreatedAt).ToListAsync(ct))
        .Select(t => new TokenRow(t, names.GetValueOrDefault(t.EmployeeId, string.Empty))).ToList();
}
