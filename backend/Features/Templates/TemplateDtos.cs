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
    TemplateHeader? Header,
    string? Footer,
    IReadOnlyList<TemplateButton> Buttons,
    TemplateStatus Status,
    string? RejectionReason,
    IReadOnlyList<TemplateBindingDto> Bindings,
    /// <summary>True when the template can be sent through the active provider now.</summary>
    bool Sendable,
    /// <summary>Why it can't be sent through the active provider (not approved, a part this app can't fill, not bound); null when it can.</summary>
    string? NotSendableReason,
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
    List<TemplateBindingDto>? Bindings,
    /// <summary>Null keeps the current header (on update); a header with format None removes it.</summary>
    TemplateHeader? Header = null,
    /// <summary>Null keeps the current footer (on update); "" removes it.</summary>
    [property: StringLength(60), PlainText] string? Footer = null,
    /// <summary>Null keeps the current buttons (on update); [] removes them.</summary>
    List<TemplateButton>? Buttons = null);

public record TemplateSyncResult(int ProviderId, string ProviderName, int Created, int Updated, int Unchanged, int Total, IReadOnlyList<string> Warnings);

/// <summary>A field a template variable can use: <c>expression</c> as it is written (<c>{{customer.name}}</c>), a label, an example value.</summary>
public record VariableFieldDto(string Expression, string Label, string Example)
{
    public static VariableFieldDto From(MessageField f) => new(f.Expression, f.Label, f.Example);
}
