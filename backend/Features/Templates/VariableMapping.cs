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

    /// <summary>
    /// Each variable's text cut once into fixed pieces and field paths (odd indexes). A broadcast resolves every
    /// recipient twice (its count, then its fan-out): with the expression matched per recipient, resolving allocated
    /// 8 % of what a 100,000 send allocated (bench/README.md, session 16).
    /// </summary>
    private readonly (string Key, string[] Pieces)[] _compiled;

    private VariableMapping(List<(string Key, string Text)> variables)
    {
        _variables = variables;
        _compiled = variables.Select(v => (v.Key, Pieces(v.Text))).ToArray();
    }

    private static string[] Pieces(string text)
    {
        var pieces = new List<string>();
        var at = 0;
        foreach (Match m in Expression().Matches(text))
        {
            pieces.Add(text[at..m.Index]);
            pieces.Add(m.Groups[1].Value);
            at = m.Index + m.Length;
        }
        pieces.Add(text[at..]);
        return pieces.ToArray();
    }

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
    /// Whether <see cref="Resolve"/> would find a variable missing, without filling any: a variable is missing when one
    /// of its fields has no value (a blank one neither), or when it is blank text alone.
    /// </summary>
    public bool AnyMissing(Func<string, string?> valueOf)
    {
        foreach (var (_, pieces) in _compiled)
        {
            if (pieces.Length == 1 && string.IsNullOrWhiteSpace(pieces[0])) return true;
            for (var i = 1; i < pieces.Length; i += 2)
                if (string.IsNullOrWhiteSpace(valueOf(pieces[i]))) return true;
        }
        return false;
    }

    /// <summary>
    /// The parameters for one message, and the variables with a field that has no value ("Dear {{customer.name}}" with
    /// no name is not sent as "Dear "): such a message is not sent.
    /// </summary>
    public (Dictionary<string, string> Parameters, List<string> Missing) Resolve(Func<string, string?> valueOf)
    {
        var parameters = new Dictionary<string, string>(_compiled.Length);
        List<string>? missing = null;
        foreach (var (key, pieces) in _compiled)
        {
            var empty = false;
            string value;
            if (pieces.Length == 3 && pieces[0].Length == 0 && pieces[2].Length == 0)
            {
                // The whole text is one field, the usual case: its value as it is, no copy.
                var v = valueOf(pieces[1]);
                empty = string.IsNullOrWhiteSpace(v);
                value = (v ?? "").Trim();
            }
            else
            {
                var text = new System.Text.StringBuilder();
                for (var i = 0; i < pieces.Length; i++)
                {
                    if (i % 2 == 0)
                    {
                        text.Append(pieces[i]);
                        continue;
                    }
                    var v = valueOf(pieces[i]);
                    empty |= string.IsNullOrWhiteSpace(v);
                    text.Append(v);
                }
                value = text.ToString().Trim();
            }
            parameters[key] = value;
            if (empty || value.Length == 0) (missing ??= []).Add(key);
        }
        return (parameters, missing ?? []);
    }
}
