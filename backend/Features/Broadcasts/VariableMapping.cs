using System.Text.RegularExpressions;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Templates;

namespace WhatsApp.Api.Features.Broadcasts;

/// <summary>
/// A broadcast's variables, compiled once: each template variable is fixed text with any number of customer fields
/// (<c>{{customer.name}}</c>) in it, filled per recipient.
/// </summary>
public sealed partial class VariableMapping
{
    [GeneratedRegex(@"\{\{\s*([^{}]*?)\s*\}\}")]
    private static partial Regex Expression();

    private readonly List<(string Key, string Text)> _variables;

    private VariableMapping(List<(string Key, string Text)> variables) => _variables = variables;

    public IReadOnlyDictionary<string, string> Raw => _variables.ToDictionary(v => v.Key, v => v.Text);

    /// <summary>Checks the given values against the template's variables; errors are keyed <c>variables.{name}</c>.</summary>
    public static (VariableMapping? Mapping, Dictionary<string, string[]> Errors) Compile(WhatsAppTemplate template, IReadOnlyDictionary<string, string?>? given)
    {
        given ??= new Dictionary<string, string?>();
        var errors = new Dictionary<string, string[]>();
        var keys = template.Variables.Select(v => v.Key).ToList();
        foreach (var unknown in given.Keys.Where(k => !keys.Contains(k)))
            errors[$"variables.{unknown}"] = [$"Template '{template.Name}' has no variable '{unknown}'. It takes: {string.Join(", ", keys)}."];

        var variables = new List<(string, string)>();
        foreach (var key in keys)
        {
            var text = given.GetValueOrDefault(key)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                errors[$"variables.{key}"] = [$"Give variable {key} a value: fixed text or a customer field such as {{{{customer.name}}}}."];
                continue;
            }
            if (text.Length > 1024)
            {
                errors[$"variables.{key}"] = ["At most 1024 characters."];
                continue;
            }
            var bad = Expression().Matches(text).Select(m => m.Groups[1].Value)
                .FirstOrDefault(e => !e.StartsWith("customer.", StringComparison.Ordinal) || !CustomerFields.IsKnown(e["customer.".Length..]));
            if (bad is not null)
            {
                errors[$"variables.{key}"] = [$"'{{{{{bad}}}}}' is not a field messages can use. Use one of: {string.Join(", ", CustomerFields.All.Select(f => $"{{{{customer.{f.Key}}}}}"))}."];
                continue;
            }
            variables.Add((key, text));
        }
        return errors.Count > 0 ? (null, errors) : (new VariableMapping(variables), errors);
    }

    /// <summary>Reloads a mapping that was valid when the broadcast was created.</summary>
    public static VariableMapping Load(IReadOnlyDictionary<string, string> stored) => new(stored.Select(kv => (kv.Key, kv.Value)).ToList());

    /// <summary>
    /// The parameters for one recipient, and the variables with a customer field this customer has no value for
    /// ("Dear {{customer.name}}" with no name is not sent as "Dear "): such a recipient is skipped.
    /// </summary>
    public (Dictionary<string, string> Parameters, List<string> Missing) Resolve(Customer customer, CustomerFields fields)
    {
        var parameters = new Dictionary<string, string>(_variables.Count);
        List<string>? missing = null;
        foreach (var (key, text) in _variables)
        {
            var empty = false;
            var value = Expression().Replace(text, m =>
            {
                var v = fields.Value(customer, m.Groups[1].Value["customer.".Length..]);
                empty |= string.IsNullOrWhiteSpace(v);
                return v;
            }).Trim();
            parameters[key] = value;
            if (empty || value.Length == 0) (missing ??= []).Add(key);
        }
        return (parameters, missing ?? []);
    }
}
