using System.Text.RegularExpressions;

namespace WhatsApp.Api.Features.Templates;

/// <summary>A value a template variable can take, written <c>{{path}}</c>: a customer's name, a bill's amount.</summary>
public sealed record MessageField(string Path, string Label, string Example)
{
    public string Expression => $"{{{{{Path}}}}}";
}

/// <summary>
/// A template's variables, compiled once: each variable is fixed text with any number of fields (<c>{{customer.name}}</c>,
/// <c>{{bill.amount}}</c>) in it, filled per message. Broadcasts map customer fields; automations add their event's fields.
/// </summary>
public sealed partial class VariableMapping
{
    [GeneratedRegex(@"\{\{\s*([^{}]*?)\s*\}\}")]
    private static partial Regex Expression();

    private readonly List<(string Key, string Text)> _variables;

    private VariableMapping(List<(string Key, string Text)> variables) => _variables = variables;

    public IReadOnlyDictionary<string, string> Raw => _variables.ToDictionary(v => v.Key, v => v.Text);

    /// <summary>
    /// Checks the given values against the template's variables and the fields they may use; errors are keyed
    /// <c>variables.{name}</c>. <paramref name="fields"/> is in the order people should read it, the first one used as the example.
    /// </summary>
    public static (VariableMapping? Mapping, Dictionary<string, string[]> Errors) Compile(
        WhatsAppTemplate template, IReadOnlyDictionary<string, string?>? given, IReadOnlyList<MessageField> fields)
    {
        given ??= new Dictionary<string, string?>();
        var errors = new Dictionary<string, string[]>();
        var keys = template.Variables.Select(v => v.Key).ToList();
        foreach (var unknown in given.Keys.Where(k => !keys.Contains(k)))
            errors[$"variables.{unknown}"] = [$"Template '{template.Name}' has no variable '{unknown}'. It takes: {string.Join(", ", keys)}."];

        var known = fields.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var variables = new List<(string, string)>();
        foreach (var key in keys)
        {
            var text = given.GetValueOrDefault(key)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                errors[$"variables.{key}"] = [$"Give variable {key} a value: fixed text or a field such as {fields[0].Expression}."];
                continue;
            }
            if (text.Length > 1024)
            {
                errors[$"variables.{key}"] = ["At most 1024 characters."];
                continue;
            }
            var bad = Expression().Matches(text).Select(m => m.Groups[1].Value).FirstOrDefault(e => !known.Contains(e));
            if (bad is not null)
            {
                errors[$"variables.{key}"] = [$"'{{{{{bad}}}}}' is not a field messages can use here. Use one of: {string.Join(", ", fields.Select(f => f.Expression))}."];
                continue;
            }
            // A fixed value is checked now; one with fields when each message is filled.
            if (!Expression().IsMatch(text) && TemplateParts.ValueProblem(template.Header, key, text) is { } problem)
            {
                errors[$"variables.{key}"] = [problem];
                continue;
            }
            variables.Add((key, text));
        }
        return errors.Count > 0 ? (null, errors) : (new VariableMapping(variables), errors);
    }

    /// <summary>Reloads a mapping that was valid when it was saved.</summary>
    public static VariableMapping Load(IReadOnlyDictionary<string, string> stored) => new(stored.Select(kv => (kv.Key, kv.Value)).ToList());

    /// <summary>
    /// The parameters for one message, and the variables with a field that has no value ("Dear {{customer.name}}" with
    /// no name is not sent as "Dear "): such a message is not sent.
    /// </summary>
    public (Dictionary<string, string> Parameters, List<string> Missing) Resolve(Func<string, string?> valueOf)
    {
        var parameters = new Dictionary<string, string>(_variables.Count);
        List<string>? missing = null;
        foreach (var (key, text) in _variables)
        {
            var empty = false;
            var value = Expression().Replace(text, m =>
            {
                var v = valueOf(m.Groups[1].Value);
                empty |= string.IsNullOrWhiteSpace(v);
                return v ?? "";
            }).Trim();
            parameters[key] = value;
            if (empty || value.Length == 0) (missing ??= []).Add(key);
        }
        return (parameters, missing ?? []);
    }
}
