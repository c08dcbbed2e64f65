using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Templates;

public enum TemplateCategory { UTILITY, MARKETING, AUTHENTICATION }

public enum TemplateStatus { APPROVED, PENDING, REJECTED, PAUSED, DISABLED }

/// <summary>A template variable: the placeholder's key ("1" or "customer_name"), a label for people, a sample for previews.</summary>
public sealed record TemplateVariable(string Key, string? Label, string? Sample);

/// <summary>Why a template cannot be sent: a code for the outbox and the events log, a title and a plain sentence for people.</summary>
public sealed record NotSendable(string Code, string Title, string Message);

/// <summary>A pre-approved WhatsApp template. Only APPROVED templates bound to the sending provider can be sent.</summary>
public class WhatsAppTemplate
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Language { get; set; }
    public TemplateCategory Category { get; set; }
    public required string Body { get; set; }
    public ParameterFormat ParameterFormat { get; set; }
    /// <summary>Every parameter a message fills: the body's placeholders, then the header's and the buttons' (see <see cref="TemplateParts"/>).</summary>
    public List<TemplateVariable> Variables { get; set; } = [];
    /// <summary>Null: no header.</summary>
    public TemplateHeader? Header { get; set; }
    public string? Footer { get; set; }
    public List<TemplateButton> Buttons { get; set; } = [];
    public TemplateStatus Status { get; set; }
    public string? RejectionReason { get; set; }
    /// <summary>Meta's quality rating as it last announced it: GREEN, YELLOW, RED or UNKNOWN; null when never told.</summary>
    public string? QualityRating { get; set; }
    public List<TemplateBinding> Bindings { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastSyncedAt { get; set; }

    /// <summary>
    /// The one sendable rule, for every path that sends or offers a template (single send, broadcasts, automations, the
    /// dispatcher, the templates list). Null when the template can go out through <paramref name="provider"/>.
    /// Rules of the template itself come first (see <see cref="WhyNotSendable"/>), then its binding to the provider.
    /// </summary>
    public NotSendable? WhyNotSendableThrough(WhatsAppProvider provider) =>
        WhyNotSendable() ?? (BindingFor(provider.Id) is null
            ? new NotSendable("template_not_bound", "Template not available at the provider",
                $"Template '{Name}' is not bound to {provider.Name}. Sync templates or add the provider's template id.")
            : null);

    /// <summary>
    /// The part of the rule that holds whatever the provider: only APPROVED templates are sent. Callers that check it
    /// before a provider is known (to answer the most telling problem first) still end with <see cref="WhyNotSendableThrough"/>.
    /// </summary>
    public NotSendable? WhyNotSendable() => Status != TemplateStatus.APPROVED
        ? new NotSendable("template_unavailable", "Template not approved", $"Template '{Name}' is {Status}; only APPROVED templates can be sent.")
        : TemplateParts.Unfillable(Header, Buttons) is { } reason
            ? new NotSendable("template_unfillable", "Template has a part this app can't fill", $"Template '{Name}' can't be sent: {reason}.")
            : null;

    /// <summary>The header's and buttons' parameters (keys <c>header:text</c>, <c>header:media</c>, <c>button:N</c>).</summary>
    public IReadOnlyList<ComponentParameter> ComponentParameters() => TemplateParts.Of(Header, Buttons);

    /// <summary>One message of this template for a driver: the body's parameters in placeholder order, the header and buttons filled.</summary>
    public OutgoingMessage Outgoing(long messageId, string to, string externalId, IReadOnlyDictionary<string, string> parameters)
    {
        var body = Variables.Where(v => TemplateParts.IsBodyKey(v.Key))
            .Select(v => new KeyValuePair<string, string>(v.Key, parameters.GetValueOrDefault(v.Key) ?? "")).ToList();
        var (header, buttons) = TemplateParts.Fill(Header, Buttons, parameters);
        return new OutgoingMessage(messageId, to, externalId, Language, ParameterFormat, body) { Header = header, Buttons = buttons };
    }

    /// <summary>
    /// The quick reply a tap answered: by its payload (Meta's default payload is the button's text; Twilio's the action
    /// id, often the text too) or by the text the customer saw. Null when none matches.
    /// </summary>
    public TemplateButton? QuickReplyFor(string? payload, string text) =>
        Buttons.FirstOrDefault(b => b.Type == ButtonType.QuickReply
            && (string.Equals(b.Text, payload?.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(b.Text, text.Trim(), StringComparison.OrdinalIgnoreCase)));

    /// <summary>The template's identity at the provider, or null when it has none there.</summary>
    public TemplateBinding? BindingFor(int providerId) => Bindings.FirstOrDefault(b => b.ProviderId == providerId);
}

/// <summary>The template's identity at one provider: Twilio's ContentSid, or the template name at Vonage/Meta.</summary>
public class TemplateBinding
{
    public int Id { get; set; }
    public int TemplateId { get; set; }
    public int ProviderId { get; set; }
    public WhatsAppProvider? Provider { get; set; }
    public required string ExternalId { get; set; }
}

internal sealed class WhatsAppTemplateConfiguration : IEntityTypeConfiguration<WhatsAppTemplate>, IEntityTypeConfiguration<TemplateBinding>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public void Configure(EntityTypeBuilder<WhatsAppTemplate> e)
    {
        e.Property(t => t.Name).HasMaxLength(200);
        e.Property(t => t.Language).HasMaxLength(16);
        e.Property(t => t.Body).HasMaxLength(4096);
        e.Property(t => t.RejectionReason).HasMaxLength(1000);
        e.Property(t => t.QualityRating).HasMaxLength(16);
        e.Property(t => t.Category).HasConversion<string>().HasMaxLength(20);
        e.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(t => t.ParameterFormat).HasConversion<string>().HasMaxLength(20);
        e.Property(t => t.Variables)
            .HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<TemplateVariable>>(v, Json) ?? new List<TemplateVariable>(),
                new ValueComparer<List<TemplateVariable>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));
        e.Property(t => t.Footer).HasMaxLength(60);
        e.Property(t => t.Header)
            .HasConversion(
                v => v == null ? null : JsonSerializer.Serialize(v, Json),
                v => v == null ? null : JsonSerializer.Deserialize<TemplateHeader>(v, Json))
            .HasMaxLength(2000);
        e.Property(t => t.Buttons)
            .HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<TemplateButton>>(v, Json) ?? new List<TemplateButton>(),
                new ValueComparer<List<TemplateButton>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()))
            .HasMaxLength(8000);
        e.HasIndex(t => new { t.Name, t.Language }).IsUnique();
        e.HasMany(t => t.Bindings).WithOne().HasForeignKey(b => b.TemplateId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TemplateBinding> e)
    {
        e.Property(b => b.ExternalId).HasMaxLength(200);
        e.HasIndex(b => new { b.TemplateId, b.ProviderId }).IsUnique();
        e.HasIndex(b => new { b.ProviderId, b.ExternalId });
        e.HasOne(b => b.Provider).WithMany().HasForeignKey(b => b.ProviderId).OnDelete(DeleteBehavior.Cascade);
    }
}
