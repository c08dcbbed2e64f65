using WhatsApp.Api.Features.Providers.Drivers;
using System.Text.RegularExpressions;

namespace WhatsApp.Api.Features.Templates;

public static partial class TemplateValidation
{
    public const int MaxBodyLength = 1024;

    [GeneratedRegex(@"^[a-z]{2,3}(_[A-Z]{2})?$")]
    private static partial Regex LanguageCode();

    public sealed record Validated(string Name, string Language, TemplateCategory Category, string Body,
        Providers.Drivers.ParameterFormat Format, List<TemplateVariable> Variables, TemplateStatus Status, List<TemplateBindingDto> Bindings,
        TemplateHeader? Header, string? Footer, List<TemplateButton> Buttons);

    public static (Validated? Result, Dictionary<string, string[]> Errors) Validate(SaveTemplateRequest r, WhatsAppTemplate? existing, ISet<int> providerIds)
    {
        var errors = new Dictionary<string, string[]>();
        var name = r.Name?.Trim() ?? existing?.Name;
        var language = r.Language?.Trim() ?? existing?.Language;
        var body = r.Body ?? existing?.Body;

        if (string.IsNullOrWhiteSpace(name)) errors["name"] = ["A name is required."];
        else if (name.Length > 200) errors["name"] = ["The name must be at most 200 characters."];
        if (string.IsNullOrWhiteSpace(language)) errors["language"] = ["A language is required, e.g. en_US."];
        else if (!LanguageCode().IsMatch(language)) errors["language"] = ["Use a language code such as en, en_US or pt_BR."];
        var category = r.Category ?? existing?.Category;
        if (category is null) errors["category"] = ["A category is required: UTILITY, MARKETING or AUTHENTICATION."];

        var header = r.Header is null ? existing?.Header : r.Header.Format == HeaderFormat.None ? null : r.Header;
        var footer = r.Footer is null ? existing?.Footer : string.IsNullOrWhiteSpace(r.Footer) ? null : r.Footer.Trim();
        var buttons = r.Buttons ?? existing?.Buttons ?? [];
        TemplateComponentRules.Check(header, footer, buttons, errors);
        var parts = errors.Keys.Any(k => k.StartsWith("header", StringComparison.Ordinal) || k.StartsWith("buttons", StringComparison.Ordinal))
            ? [] : TemplateParts.Of(header, buttons);

        var variables = new List<TemplateVariable>();
        var format = Providers.Drivers.ParameterFormat.Positional;
        if (string.IsNullOrWhiteSpace(body)) errors["body"] = ["A body is required."];
        else if (body.Length > MaxBodyLength) errors["body"] = [$"WhatsApp template bodies are at most {MaxBodyLength} characters."];
        else
        {
            var (fmt, keys, error) = TemplateText.Analyze(body);
            format = fmt;
            if (error is not null) errors["body"] = [error];
            else
            {
                var given = r.Variables ?? (r.Body is null ? existing?.Variables : null) ?? [];
                var byKey = new Dictionary<string, TemplateVariable>();
                var labels = parts.ToDictionary(p => p.Key, p => p.Label);
                keys = [.. keys, .. parts.Select(p => p.Key)];
                foreach (var v in given)
                {
                    // Variables of parts that were removed drop silently, like a body placeholder edited away with its body.
                    if (r.Variables is null && !keys.Contains(v.Key)) continue;
                    if (string.IsNullOrWhiteSpace(v.Key) || !keys.Contains(v.Key))
                        errors[$"variables.{Short(v.Key)}"] = [$"'{Short(v.Key)}' is not a placeholder in the body, nor a header or button parameter."];
                    else if (!byKey.TryAdd(v.Key, v))
                        errors[$"variables.{v.Key}"] = ["This variable is listed twice."];
                    else if ((v.Label?.Length ?? 0) > 100 || (v.Sample?.Length ?? 0) > 500)
                        errors[$"variables.{v.Key}"] = ["Labels are at most 100 characters, samples 500."];
                }
                // Every placeholder gets a variable; a missing one is created with its key as label.
                variables = keys.Select(k => byKey.TryGetValue(k, out var v)
                    ? v with { Label = string.IsNullOrWhiteSpace(v.Label) ? labels.GetValueOrDefault(k, k) : v.Label.Trim() }
                    : new TemplateVariable(k, labels.GetValueOrDefault(k, k), null)).ToList();
            }
        }

        var bindings = r.Bindings ?? existing?.Bindings.Select(b => new TemplateBindingDto(b.ProviderId, b.ExternalId)).ToList() ?? [];
        for (var i = 0; i < bindings.Count; i++)
        {
            var b = bindings[i];
            if (!providerIds.Contains(b.ProviderId)) errors[$"bindings[{i}].providerId"] = [$"There is no provider {b.ProviderId}."];
            if (string.IsNullOrWhiteSpace(b.ExternalId) || b.ExternalId.Length > 200)
                errors[$"bindings[{i}].externalId"] = ["The provider's template id (Twilio ContentSid, or the template name at Vonage/Meta) is required."];
        }
        if (bindings.GroupBy(b => b.ProviderId).Any(g => g.Count() > 1)) errors["bindings"] = ["A template has one binding per provider."];

        return errors.Count > 0
            ? (null, errors)
            : (new Validated(name!, language!, category!.Value, body!, format, variables, r.Status ?? existing?.Status ?? TemplateStatus.PENDING,
                bindings.Select(b => b with { ExternalId = b.ExternalId.Trim() }).ToList(), header, footer, buttons), errors);
    }

    private static string Short(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";
}
