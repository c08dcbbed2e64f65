using System.ComponentModel.DataAnnotations;
using WhatsApp.Api.Features.Groups;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Customers;

/// <summary>One consent decision; <c>Purpose</c> says whether it is about service messages or marketing.</summary>
public record ConsentRecordDto(long Id, bool OptedIn, DateTime At, ConsentSource Source, string? Actor, string? Text, ConsentPurpose Purpose = ConsentPurpose.Service);

/// <summary><c>WhatsAppOptIn</c>: consent to service messages (bills, tickets); <c>MarketingOptIn</c>: consent to offers.</summary>
public record CustomerDto(
    int Id, string Name, string Phone, string? Email, string? AccountNumber, string? Plan, string? Language,
    bool WhatsAppOptIn, DateTime CreatedAt, DateTime UpdatedAt, string? TimeZone = null, bool MarketingOptIn = false)
{
    public static CustomerDto From(Customer c) =>
        new(c.Id, c.Name, c.Phone, c.Email, c.AccountNumber, c.Plan, c.Language, c.WhatsAppOptIn, c.CreatedAt, c.UpdatedAt, c.TimeZone, c.MarketingOptIn);
}

public record CustomerDetailDto(CustomerDto Customer, IReadOnlyList<ConsentRecordDto> ConsentHistory, string ConsentWording)
{
    /// <summary>The wording shown beside the marketing opt-in, recorded with it.</summary>
    public string MarketingConsentWording { get; init; } = ConsentService.MarketingOptInWording;

    /// <summary>The groups the customer is in, by name.</summary>
    public IReadOnlyList<GroupRefDto> Groups { get; init; } = [];

    /// <summary>The customer's personal one-click unsubscribe link, to put in messages.</summary>
    public string UnsubscribeUrl { get; init; } = "";
}

/// <summary>
/// Create or update. <c>WhatsAppOptIn</c> (service messages) and <c>MarketingOptIn</c> (offers), when given and different
/// from the current state, each append a consent record of their purpose.
/// <c>GroupIds</c>: null leaves the customer's groups alone; a list makes them exactly those groups.
/// <c>TimeZone</c>: an IANA zone such as America/Sao_Paulo; blank means the application's default (App:TimeZone).
/// <c>ConsentReason</c>: why consent changed (e.g. "customer disputes consent — phoned"), kept in the consent record.
/// </summary>
public record SaveCustomerRequest(
    [property: StringLength(200), PlainText] string? Name, [property: StringLength(32), PlainText] string? Phone,
    [property: StringLength(254), PlainText] string? Email, [property: StringLength(50), PlainText] string? AccountNumber,
    [property: StringLength(100), PlainText] string? Plan, [property: StringLength(16), PlainText] string? Language,
    bool? WhatsAppOptIn, ConsentSource? ConsentSource, IReadOnlyList<int>? GroupIds = null, [property: StringLength(64), PlainText] string? TimeZone = null,
    [property: StringLength(500)] string? ConsentReason = null, bool? MarketingOptIn = null);

/// <summary>Opts these customers out at once (e.g. everyone a failure affected); <c>Reason</c> is required and recorded.</summary>
public record BulkOptOutRequest(IReadOnlyList<int>? CustomerIds, [property: StringLength(500)] string? Reason);

/// <summary><c>OptedOut</c>: how many were opted in and are now opted out (the others already were).</summary>
public record BulkOptOutResult(int OptedOut);

public record CustomerPage(IReadOnlyList<CustomerDto> Items, int Total, int Page, int PageSize);

/// <summary>One problem with one row of an imported file. Row 1 is the header, so the first customer is row 2, as a spreadsheet numbers it.</summary>
public record CustomerImportError(int Row, string Field, string Message);

/// <summary>
/// What an import did (or, with dryRun, would do), counted in rows. <c>Failed</c> counts every skipped row;
/// <c>Errors</c> lists at most the first 1000 problems, and <c>ErrorsTruncated</c> says when there were more.
/// </summary>
public record CustomerImportResult(
    int Created, int Updated, int Unchanged, int Failed, IReadOnlyList<CustomerImportError> Errors, bool ErrorsTruncated, bool DryRun);
