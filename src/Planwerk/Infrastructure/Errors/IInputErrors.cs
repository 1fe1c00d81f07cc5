namespace Planwerk.Infrastructure.Errors;

/// <summary>
/// Where a service reports rule violations of an input (422), so that the API reports them with JSON
/// pointers and a form shows them next to its fields. Services check plan and rights first, then
/// report violations, then call <see cref="ThrowIfInvalid"/>.
/// </summary>
public interface IInputErrors
{
    void Invalid(string name, string code, string detail);

    /// <summary>Throws the collected problems, if any (type errors as 400 before violations as 422).</summary>
    void ThrowIfInvalid();
}
