using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Templates;

/// <summary>Placeholders in a template body: finding them, checking them, filling them.</summary>
public static class TemplateText
{
    /// <summary>The distinct placeholder keys in order of first appearance.</summary>
    public static IReadOnlyList<string> Placeholders(string body) => TemplatePlaceholders.Keys(body);

    /// <summary>Checks that the placeholders are all positional ({{1}}..{{n}} with no gap) or all named, and returns the format and ordered keys.</summary>
    public static (ParameterFormat Format, IReadOnlyList<string> Keys, string? Error) Analyze(string body)
    {
        var keys = Placeholders(body);
        var numeric = keys.Where(k => k.All(char.IsAsciiDigit)).ToList();
        if (numeric.Count > 0 && numeric.Count != keys.Count)
            return (ParameterFormat.Positional, keys, "Use either numbered placeholders ({{1}}, {{2}}) or named ones ({{customer_name}}), not both.");
        if (numeric.Count > 0)
        {
            // A number too big for an int can't be in a gap-free 1..n run anyway: it reads as the largest, so the gap is named.
            var numbers = numeric.Select(k => int.TryParse(k, out var n) ? n : int.MaxValue).Order().ToList();
            for (var i = 0; i < numbers.Count; i++)
                if (numbers[i] != i + 1)
                    return (ParameterFormat.Positional, keys, $"Placeholders must be numbered from {{{{1}}}} without gaps: {{{{{i + 1}}}}} is missing.");
            return (ParameterFormat.Positional, numbers.Select(n => n.ToString()).ToList(), null);
        }
        var badName = keys.FirstOrDefault(k => !k.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'));
        if (badName is not null)
            return (ParameterFormat.Named, keys, $"Named placeholders use lowercase letters, digits and underscores: '{badName}' does not.");
        return (ParameterFormat.Named, keys, null);
    }

    /// <summary>The body with each placeholder replaced by its value; unknown placeholders stay as they are.</summary>
    public static string Render(string body, IReadOnlyDictionary<string, string> values) =>
        TemplatePlaceholders.Pattern().Replace(body, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
}
