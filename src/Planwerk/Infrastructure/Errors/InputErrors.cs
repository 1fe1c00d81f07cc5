namespace Planwerk.Infrastructure.Errors;

/// <summary>
/// <see cref="IInputErrors"/> for a caller without a body or a form (the CLI, the demo seed, tests): the violations are
/// collected by field name and thrown as one <see cref="InputRejectedException"/>, whose message is the first of them.
/// </summary>
public sealed class InputErrors : IInputErrors
{
    private readonly List<FieldError> errors = [];

    public void Invalid(string name, string code, string detail) => errors.Add(new FieldError("/" + name, code, detail));

    public void ThrowIfInvalid()
    {
        if (errors.Count > 0)
        {
            throw InputRejectedException.Invalid(errors);
        }
    }
}
