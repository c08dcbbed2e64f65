namespace WhatsApp.Api.Features.Audit;

/// <summary>What a successful call of an operation changed, for the audit trail.</summary>
public sealed record AuditedOperation(string Kind, string Verb);

/// <summary>
/// Every operation that changes something, by its endpoint name (the OpenAPI operation id), and what it changes. An
/// operation not listed here is not audited: a new mutating endpoint adds its row here. Reads, previews, sign-in and
/// the public webhooks and unsubscribe links are not changes made by a person or an API key.
/// </summary>
public static class AuditedEndpoints
{
    public static readonly IReadOnlyDictionary<string, AuditedOperation> ByName = new Dictionary<string, AuditedOperation>
    {
        ["CreateProvider"] = new("provider", "created"),
        ["UpdateProvider"] = new("provider", "updated"),
        ["DeleteProvider"] = new("provider", "deleted"),
        ["SetActiveProvider"] = new("provider", "made active"),
        ["SetStandbyProvider"] = new("provider", "made standby"),
        ["ClearStandbyProvider"] = new("provider", "standby cleared"),
        ["TestProvider"] = new("provider", "test message sent"),
        ["CreateTemplate"] = new("template", "created"),
        ["UpdateTemplate"] = new("template", "updated"),
        ["DeleteTemplate"] = new("template", "deleted"),
        ["SyncTemplates"] = new("template", "synced from the active provider"),
        ["SaveAutomation"] = new("automation", "saved"),
        ["CreateApiKey"] = new("api-key", "created"),
        ["RevokeApiKey"] = new("api-key", "revoked"),
        ["CreateUser"] = new("user", "created"),
        ["DeleteUser"] = new("user", "deleted"),
        ["ChangeUserRole"] = new("user", "role changed"),
        ["ResetUserPassword"] = new("user", "password reset"),
        ["EndUserSession"] = new("user", "session ended"),
        ["ChangePassword"] = new("user", "own password changed"),
        ["EnableTwoFactor"] = new("user", "own two-factor sign-in turned on"),
        ["DisableTwoFactor"] = new("user", "own two-factor sign-in turned off"),
        ["RegenerateRecoveryCodes"] = new("user", "own two-factor recovery codes replaced"),
        ["UpdateSecuritySettings"] = new("security-setting", "updated (two-factor for admins)"),
        ["CreateBroadcast"] = new("broadcast", "sent"),
        ["CancelBroadcast"] = new("broadcast", "cancelled"),
        ["SendMessage"] = new("message", "sent"),
        ["CreateCustomer"] = new("customer", "created"),
        // A customer's consent is part of their profile: a staff change of it is this row.
        ["UpdateCustomer"] = new("customer", "updated (profile or consent)"),
        ["DeleteCustomer"] = new("customer", "deleted"),
        ["ImportCustomers"] = new("import", "customers imported"),
        ["CreateGroup"] = new("group", "created"),
        ["UpdateGroup"] = new("group", "updated"),
        ["DeleteGroup"] = new("group", "deleted"),
        ["AddGroupMembers"] = new("group", "members added"),
        ["RemoveGroupMembers"] = new("group", "members removed"),
        ["CreateBill"] = new("billing", "bill created"),
        ["AddPayment"] = new("billing", "payment added"),
        ["CreateSubscription"] = new("billing", "subscription created"),
        ["UpdateSubscription"] = new("billing", "subscription updated"),
        ["CreateTicket"] = new("support", "ticket created"),
        ["ChangeTicketStatus"] = new("support", "ticket status changed"),
        ["StartDiagnostic"] = new("support", "diagnostic started"),
        ["CompleteDiagnostic"] = new("support", "diagnostic completed"),
        ["RaiseEvent"] = new("event", "raised"),
        ["UploadMedia"] = new("media", "uploaded"),
        ["OpenConversationTicket"] = new("support", "ticket opened from a conversation"),
        ["LinkConversationTicket"] = new("support", "ticket linked to a conversation"),
        ["LinkConversationCustomer"] = new("conversation", "linked to a customer"),
        ["CreateCannedReply"] = new("canned-reply", "created"),
        ["UpdateCannedReply"] = new("canned-reply", "updated"),
        ["DeleteCannedReply"] = new("canned-reply", "deleted"),
    };

    /// <summary>The kinds, for the audit log's filter.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ByName.Values.Select(o => o.Kind).Distinct().Order().ToList();
}
