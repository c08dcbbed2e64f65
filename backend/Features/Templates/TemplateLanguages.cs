namespace WhatsApp.Api.Features.Templates;

/// <summary>
/// One logical template is the rows that share its name, one per language. A message goes in the customer's language:
/// the exact variant (<c>pt_BR</c>), then the language alone (<c>pt</c>, or another <c>pt_XX</c>), then the template
/// that was chosen (its default language).
/// </summary>
public static class TemplateLanguages
{
    /// <summary>
    /// The variant of <paramref name="chosen"/> for <paramref name="customerLanguage"/> among <paramref name="variants"/>
    /// (rows with the same name, any order). Only a sendable variant whose parameters the message has (every key in
    /// <paramref name="givenKeys"/>) is taken; otherwise the chosen template goes as it is.
    /// </summary>
    public static WhatsAppTemplate Pick(WhatsAppTemplate chosen, IEnumerable<WhatsAppTemplate> variants, string? customerLanguage, IReadOnlyCollection<string> givenKeys)
    {
        if (string.IsNullOrWhiteSpace(customerLanguage)) return chosen;
        var wanted = Normalize(customerLanguage);
        if (string.Equals(Normalize(chosen.Language), wanted, StringComparison.OrdinalIgnoreCase)) return chosen;
        var usable = variants.Where(v => v.Name == chosen.Name && v.Id != chosen.Id && v.WhyNotSendable() is null
            && v.Variables.All(x => givenKeys.Contains(x.Key))).ToList();
        var baseLanguage = wanted.Split('_')[0];
        return usable.FirstOrDefault(v => string.Equals(Normalize(v.Language), wanted, StringComparison.OrdinalIgnoreCase))
            ?? usable.FirstOrDefault(v => string.Equals(Normalize(v.Language), baseLanguage, StringComparison.OrdinalIgnoreCase))
            ?? usable.OrderBy(v => v.Language, StringComparer.Ordinal)
                .FirstOrDefault(v => Normalize(v.Language).Split('_')[0].Equals(baseLanguage, StringComparison.OrdinalIgnoreCase))
            ?? chosen;
    }

    /// <summary>pt-BR and pt_br read as pt_BR.</summary>
    private static string Normalize(string language) => language.Trim().Replace('-', '_');
}
