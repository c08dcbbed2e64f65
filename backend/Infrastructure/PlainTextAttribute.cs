using System.ComponentModel.DataAnnotations;

namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// Text a person typed on one line (a name, an email): no control characters. A line break or a NUL in a name ends up
/// in CSV exports, logs and message headers, where it splits or truncates what follows.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PlainTextAttribute() : ValidationAttribute("The {0} field must not contain control characters.")
{
    public override bool IsValid(object? value) => value is not string s || !s.Any(char.IsControl);
}
