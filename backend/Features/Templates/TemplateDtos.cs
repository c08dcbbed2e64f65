using System.ComponentModel.DataAnnotations;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Templates;

public record TemplateBindingDto(int ProviderId, string ExternalId, string? ProviderName = null, string? ProviderType = null);

public record TemplateDto(
    int Id,
    string Name,
    string Language,
    TemplateCategory Category,
    string Body,
    ParameterFormat ParameterFormat,
    IReadOnlyList<TemplateVariable> Variables,
    TemplateStatus Status,
    string? RejectionReason,
    IReadOnlyList<TemplateBindingDto> Bindings,
    /// <summary>True when the template can be sent through the active provider now.</summary>
    bool Sendable,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? LastSyncedAt)
{
    /// <summary>Meta's quality rating as last announced (GREEN, YELLOW, RED, UNKNOWN); null when the provider never said.</summary>
    public string? QualityRating { get; init; }
}

public record SaveTemplateRequest(
    [property: StringLength(200), PlainText] string? Name,
    [property: StringLength(16), PlainText] string? Language,
    TemplateCategory? Category,
    [property: StringLength(4096)] string? Body,
    List<TemplateVariable>? Variables,
    TemplateStatus? Status,
    List<TemplateBindingDto>? Bindings);

public record TemplateSyncResult(int ProviderId, string ProviderName, int Created, int Updated, int Unchanged, int Total, IReadOnlyList<string> Warnings);

/// <summary>A field a template variable can use: <c>expression</c> as it is written (<c>{{customer.name}}</c>), a label, an example value.</summary>
public record VariableFieldDto(string Expression, string Label, string Example)
{
    public static VariableFieldDto From(MessageField f) => new(f.Expression, f.Label, f.Example);
}
