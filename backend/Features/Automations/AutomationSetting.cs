using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Features.Templates;

namespace WhatsApp.Api.Features.Automations;

/// <summary>Settings → WhatsApp → Automations: per event type, whether it sends, through which template, with which values.</summary>
public class AutomationSetting
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The event type name, e.g. payment.received.</summary>
    public required string EventType { get; set; }
    public bool Enabled { get; set; }
    public int? TemplateId { get; set; }
    /// <summary>Template variable → text with fields, e.g. {"1": "{{customer.name}}"} (JSON object).</summary>
    public string VariablesJson { get; set; } = "{}";
    /// <summary>Days before the date (negative: after) that scheduled types fire on (JSON array).</summary>
    public string OffsetsJson { get; set; } = "[]";
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    /// <summary>Why the automation is paused (its template was paused, disabled, rejected or re-categorised); null: not paused.</summary>
    public string? PausedReason { get; set; }
    public DateTime? PausedAt { get; set; }
    /// <summary>Paused for the template's status: resumes by itself when the template is APPROVED again (else when saved).</summary>
    public bool PausedByTemplateStatus { get; set; }

    public Dictionary<string, string> Variables
    {
        get => JsonSerializer.Deserialize<Dictionary<string, string>>(VariablesJson, Json) ?? [];
        set => VariablesJson = JsonSerializer.Serialize(value, Json);
    }

    public List<int> OffsetsDays
    {
        get => JsonSerializer.Deserialize<List<int>>(OffsetsJson, Json) ?? [];
        set => OffsetsJson = JsonSerializer.Serialize(value, Json);
    }

    /// <summary>What an event type does before an admin has touched it: nothing, with the usual reminder days ready.</summary>
    public static AutomationSetting Default(EventType type) => new()
    {
        EventType = type.Name,
        OffsetsDays = type.Scheduled ? [3, 1, 0] : [],
    };
}

internal sealed class AutomationSettingConfiguration : IEntityTypeConfiguration<AutomationSetting>
{
    public void Configure(EntityTypeBuilder<AutomationSetting> e)
    {
        e.HasKey(x => x.EventType);
        e.Property(x => x.EventType).HasMaxLength(64);
        e.Property(x => x.VariablesJson).HasMaxLength(20_000);
        e.Property(x => x.PausedReason).HasMaxLength(1000);
        e.Property(x => x.OffsetsJson).HasMaxLength(1000);
        e.Property(x => x.UpdatedBy).HasMaxLength(254);
        e.Ignore(x => x.Variables);
        e.Ignore(x => x.OffsetsDays);
        // Deleting the template leaves the automation without one: its events are skipped until another is chosen.
        e.HasOne<WhatsAppTemplate>().WithMany().HasForeignKey(x => x.TemplateId).OnDelete(DeleteBehavior.SetNull);
    }
}
