using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Templates;

namespace WhatsApp.Api.Features.Automations;

/// <summary>How an event field's stored value is shown in a message, in the customer's language.</summary>
public enum FieldFormat
{
    Text,
    /// <summary>A decimal amount, shown with the currency of the sibling <c>.currency</c> field ("$20.00", "20,00 €").</summary>
    Money,
    /// <summary>A calendar date (yyyy-MM-dd), shown as the customer's language writes dates.</summary>
    Date,
    /// <summary>A whole number, e.g. days until a bill is due (negative when overdue).</summary>
    Integer,
}

/// <summary>
/// A field of an event, written <c>{{bill.amount}}</c> in a template variable. <c>DataName</c> is what other systems call it
/// in <c>POST /api/events</c> data (null: not sent by them); <c>Required</c> fields must be there.
/// </summary>
public sealed record EventField(string Path, string Label, string Example, FieldFormat Format = FieldFormat.Text, string? DataName = null, bool Required = false, int MaxLength = 200)
{
    public MessageField AsMessageField => new(Path, Label, Example);
}

/// <summary>One kind of event the application raises, with the fields its messages can use.</summary>
public sealed record EventType(string Name, string Label, string Description, bool Scheduled, IReadOnlyList<EventField> Fields)
{
    /// <summary>Everything a template variable may use for this event: the customer's fields, then the event's own.</summary>
    public IReadOnlyList<MessageField> MessageFields { get; } = [.. CustomerFields.AsMessageFields, .. Fields.Select(f => f.AsMessageField)];

    public EventField? Field(string path) => Fields.FirstOrDefault(f => f.Path == path);
}

/// <summary>The event types: a contract other systems rely on, so names never change.</summary>
public static class EventTypes
{
    public const string CustomerRegistered = "customer.registered";
    public const string BillCreated = "bill.created";
    public const string PaymentReceived = "payment.received";
    public const string BillReminder = "bill.reminder";
    public const string SubscriptionExpiring = "subscription.expiring";
    public const string TicketCreated = "ticket.created";
    public const string TicketStatusChanged = "ticket.status_changed";
    public const string DiagnosticCompleted = "diagnostic.completed";

    public const string PortalUrl = "portal.url";
    public const string BillNumberPath = "bill.number";
    public const string BillPdfUrlPath = "bill.pdfUrl";
    public const string BillPayUrlPath = "bill.payUrl";

    private static readonly EventField Portal = new(PortalUrl, "Client portal link", "https://portal.example.com");
    private static readonly EventField BillNumber = new(BillNumberPath, "Bill number", "B-1001", DataName: "number", Required: true, MaxLength: 50);
    private static readonly EventField BillAmount = new("bill.amount", "Bill amount", "20.00", FieldFormat.Money, "amount", Required: true);
    private static readonly EventField BillCurrency = new("bill.currency", "Bill currency", "USD", DataName: "currency", Required: true, MaxLength: 3);
    private static readonly EventField BillDueDate = new("bill.dueDate", "Due date", "2026-12-01", FieldFormat.Date, "dueDate", Required: true);
    // Worked out when the message is made (IDerivedEventFields), never raised with the event: no DataName.
    private static readonly EventField BillPdfUrl = new(BillPdfUrlPath, "Bill as PDF (a link that works for 7 days)", "https://isp.example/media/…");
    private static readonly EventField BillPayUrl = new(BillPayUrlPath, "Pay link", "https://pay.example.com/bills/B-1001");
    private static readonly EventField TicketNumber = new("ticket.number", "Ticket number", "T-1001", DataName: "number", Required: true, MaxLength: 50);

    public static readonly IReadOnlyList<EventType> All =
    [
        new(CustomerRegistered, "Welcome", "When a customer is registered: a welcome with the client portal link.", false, [Portal]),
        new(BillCreated, "New bill", "When a bill is issued.", false, [BillNumber, BillAmount, BillCurrency, BillDueDate, BillPdfUrl, BillPayUrl, Portal]),
        new(PaymentReceived, "Payment confirmation", "When a payment is applied to a bill.", false,
        [
            new("payment.amount", "Amount paid", "20.00", FieldFormat.Money, "amount", Required: true),
            new("payment.currency", "Payment currency", "USD", DataName: "currency", Required: true, MaxLength: 3),
            new("payment.date", "Payment date", "2026-11-24", FieldFormat.Date, "paidAt"),
            BillNumber with { DataName = "billNumber", Required = false },
            Portal,
        ]),
        new(BillReminder, "Payment reminder", "Unpaid bills, the chosen number of days before the due date (0: on the day, negative: overdue).", true,
        [
            BillNumber, BillAmount, BillCurrency, BillDueDate,
            new("bill.daysUntilDue", "Days until due (negative when overdue)", "3", FieldFormat.Integer, "daysUntilDue"),
            BillPdfUrl, BillPayUrl,
            Portal,
        ]),
        new(SubscriptionExpiring, "Expiry alert", "Subscriptions, the chosen number of days before they expire.", true,
        [
            new("subscription.plan", "Plan", "Fibre 500", DataName: "plan", Required: true, MaxLength: 100),
            new("subscription.expiresAt", "Expiry date", "2026-12-31", FieldFormat.Date, "expiresAt", Required: true),
            new("subscription.daysLeft", "Days left", "7", FieldFormat.Integer, "daysLeft"),
            Portal,
        ]),
        new(TicketCreated, "Ticket created", "When a support ticket is opened.", false,
        [
            TicketNumber,
            new("ticket.subject", "Subject", "No internet since this morning", DataName: "subject", Required: true),
            new("ticket.status", "Status", "Open", DataName: "status"),
            Portal,
        ]),
        new(TicketStatusChanged, "Ticket status changed", "When a support ticket moves to another status.", false,
        [
            TicketNumber,
            new("ticket.subject", "Subject", "No internet since this morning", DataName: "subject"),
            new("ticket.status", "New status", "Resolved", DataName: "status", Required: true),
            new("ticket.previousStatus", "Previous status", "In progress", DataName: "previousStatus"),
            Portal,
        ]),
        new(DiagnosticCompleted, "Diagnostic finished", "When a line diagnostic completes, with its result.", false,
        [
            new("diagnostic.summary", "Result summary", "Line OK, 480 Mbps down / 95 Mbps up", DataName: "summary", Required: true, MaxLength: 1000),
            Portal,
        ]),
    ];

    public static EventType? Find(string? name) => All.FirstOrDefault(t => t.Name == name);
}
