using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Costs;
using System.ComponentModel.DataAnnotations;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Broadcasts;

/// <summary>
/// Who gets a broadcast: everyone (<c>all</c>), or the union of <c>groupIds</c> and <c>customerIds</c>; a <c>filter</c>
/// narrows either. Only customers who have opted in receive; the rest are counted as skipped.
/// </summary>
public record AudienceSpec(bool All = false, List<int>? GroupIds = null, List<int>? CustomerIds = null, AudienceFilter? Filter = null);

/// <summary>Narrows an audience by customer attributes (case-insensitive exact match).</summary>
public record AudienceFilter(string? Plan = null, string? Language = null);

/// <summary>
/// <c>variables</c>: each template variable → fixed text, or text with customer fields such as <c>{{customer.name}}</c>
/// (see GET /api/whatsapp/broadcasts/fields). <c>scheduledAt</c> null or past = now.
/// </summary>
public record CreateBroadcastRequest(
    int? TemplateId, AudienceSpec? Audience, Dictionary<string, string?>? Variables, DateTime? ScheduledAt = null, [property: StringLength(200), PlainText] string? Name = null);

/// <summary>The same as a broadcast, plus optionally the customer to render the sample for.</summary>
public record PreviewBroadcastRequest(int? TemplateId, AudienceSpec? Audience, Dictionary<string, string?>? Variables, int? SampleCustomerId = null);

/// <summary>
/// Skipped audience members by reason. <c>NotOptedIn</c>: no service consent (UTILITY/AUTHENTICATION templates);
/// <c>NoMarketingConsent</c>: a MARKETING template to someone who has not agreed to offers; <c>FrequencyCap</c>: someone
/// who already got as many marketing messages as Consent:MarketingCap allows in its window.
/// </summary>
public record SkippedCounts(int NotOptedIn, int InvalidPhone, int Duplicate, int MissingValue, int NoMarketingConsent = 0, int FrequencyCap = 0)
{
    public int Total => NotOptedIn + InvalidPhone + Duplicate + MissingValue + NoMarketingConsent + FrequencyCap;
}

/// <summary>Who would receive: <c>recipients</c> messages, and the rest of the audience skipped, by reason.</summary>
public record AudienceCounts(int Audience, int Recipients, int Skipped, SkippedCounts SkippedBreakdown);

/// <summary>The message as one recipient would get it; <c>missing</c> names variables that would be empty for them.</summary>
public record SampleMessage(int CustomerId, string CustomerName, string Phone, Dictionary<string, string> Parameters, string RenderedBody, List<string> Missing);

/// <summary><c>estimate</c>: what the recipients' messages would cost by the rate card.</summary>
/// <param name="MessagingLimit">The recipients held against the active provider's messaging limit (unique people per 24 h).</param>
public record BroadcastPreviewDto(AudienceCounts Counts, SampleMessage? Sample, CostEstimateDto? Estimate = null, MessagingLimitCheckDto? MessagingLimit = null);

/// <summary>
/// A broadcast and its progress. <c>total</c> is the number of messages (recipients); message counts are by current
/// status and add up to it: queued + accepted + sent + delivered + read + failed + canceled. <c>percent</c> is the share
/// no longer waiting to be sent; of a canceled broadcast, the share that went out (its canceled messages never did).
/// </summary>
public record BroadcastDto(
    int Id,
    string? Name,
    BroadcastStatus Status,
    int? TemplateId,
    string TemplateName,
    string Language,
    AudienceSpec Audience,
    Dictionary<string, string> Variables,
    DateTime? ScheduledAt,
    string? CreatedBy,
    DateTime CreatedAt,
    DateTime? PreparedAt,
    DateTime? CompletedAt,
    DateTime? CanceledAt,
    string? CanceledBy,
    string? Error,
    int Total,
    int Skipped,
    SkippedCounts SkippedBreakdown,
    int Queued,
    int Accepted,
    int Sent,
    int Delivered,
    int Read,
    int Failed,
    int Canceled,
    int Percent)
{
    /// <summary>Why the broadcast is held (its template was paused, disabled, rejected or re-categorised); null when it is not.</summary>
    public string? PausedReason { get; init; }

    /// <summary>What its messages cost so far, per currency (the providers' prices where they reported them, else the rate card's).</summary>
    public IReadOnlyList<MoneyDto> Spend { get; init; } = [];
}

public record BroadcastPage(IReadOnlyList<BroadcastDto> Items, int Total, int Page, int PageSize);

/// <summary>An audience member the broadcast skipped: who, and why; <c>missing</c> names the variables a customer field left empty.</summary>
public record SkippedRecipientDto(int CustomerId, string Name, string Phone, SkipReason Reason, List<string> Missing);

/// <summary>A page of skipped recipients; <c>nextCursor</c> asks for the next one (null: this was the last).</summary>
public record SkippedRecipientPage(IReadOnlyList<SkippedRecipientDto> Items, string? NextCursor);
