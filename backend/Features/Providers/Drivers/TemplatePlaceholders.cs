using System.Text.RegularExpressions;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// Placeholders in a template body, {{1}} or {{customer_name}} (spaces inside the braces allowed): the one pattern that
/// the templates feature and the drivers read them with.
/// </summary>
public static partial class TemplatePlaceholders
{
    /// <summary>Group 1 is the placeholder's key.</summary>
    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")]
    public static partial Regex Pattern();

    /// <summary>The distinct placeholder keys in order of first appearance.</summary>
    public static IReadOnlyList<string> Keys(string body) =>
        Pattern().Matches(body).Select(m => m.Groups[1].Value).Distinct().ToList();

    /// <summary>{{1}} → Positional, any {{name}} → Named; no placeholder at all: Positional.</summary>
    public static ParameterFormat FormatOf(string body)
    {
        foreach (Match m in Pattern().Matches(body))
            if (m.Groups[1].ValueSpan.ContainsAnyExceptInRange('0', '9')) return ParameterFormat.Named;
        return ParameterFormat.Positional;
    }
}
