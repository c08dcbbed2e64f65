using System.Text.Json;
using System.Text.RegularExpressions;

namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// .NET's DataAnnotations validation (<c>AddValidation</c>) names a field by its C# member path (<c>Email</c>,
/// <c>Settings.BaseUrl</c>) while the API's JSON and every other problem name it in camelCase (<c>email</c>); this
/// renames such paths. Keys that are no member path (<c>Idempotency-Key</c>, <c>body</c>) are left alone.
/// </summary>
public static partial class ValidationKeys
{
    public static void CamelCase(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails { Errors: { Count: > 0 } errors }) return;
        foreach (var key in errors.Keys.Where(k => MemberPath().IsMatch(k)).ToList())
        {
            var renamed = string.Join('.', key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
            if (renamed == key) continue;
            errors[renamed] = errors.TryGetValue(renamed, out var existing) ? [.. existing, .. errors[key]] : errors[key];
            errors.Remove(key);
        }
    }

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*|\[\d+\])*$")]
    private static partial Regex MemberPath();
}
