using WhatsApp.Api.Features.Templates;

namespace WhatsApp.Api.Features.Customers;

/// <summary>A customer field a template variable can take its value from, written <c>{{customer.key}}</c>.</summary>
public sealed record CustomerField(string Key, string Label, string Example);

/// <summary>The customer fields messages may use, and their values for one customer.</summary>
public sealed class CustomerFields(UnsubscribeLinks unsubscribeLinks)
{
    public static readonly IReadOnlyList<CustomerField> All =
    [
        new("name", "Full name", "Ana Souza"),
        new("firstName", "First name", "Ana"),
        new("phone", "Phone number", "+14155550123"),
        new("email", "Email", "ana@example.com"),
        new("accountNumber", "Account number", "AC-1001"),
        new("plan", "Plan", "Fibre 500"),
        new("language", "Language", "en_US"),
        new("unsubscribeUrl", "One-click unsubscribe link", "https://isp.example/u/…"),
    ];

    public const string Prefix = "customer.";

    /// <summary>The fields as template variables write them: <c>customer.name</c>.</summary>
    public static readonly IReadOnlyList<MessageField> AsMessageFields = All.Select(f => new MessageField(Prefix + f.Key, f.Label, f.Example)).ToList();

    public static bool IsKnown(string key) => All.Any(f => f.Key == key);

    /// <summary>The value of a <c>customer.*</c> path for this customer; null for any other path.</summary>
    public string? ValueOf(Customer customer, string path) =>
        path.StartsWith(Prefix, StringComparison.Ordinal) && IsKnown(path[Prefix.Length..]) ? Value(customer, path[Prefix.Length..]) : null;

    /// <summary>The field's value for this customer; empty when the customer has none.</summary>
    public string Value(Customer customer, string key) => key switch
    {
        "name" => customer.Name,
        "firstName" => customer.Name.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "",
        "phone" => customer.Phone,
        "email" => customer.Email ?? "",
        "accountNumber" => customer.AccountNumber ?? "",
        "plan" => customer.Plan ?? "",
        "language" => customer.Language ?? "",
        "unsubscribeUrl" => unsubscribeLinks.UrlFor(customer.Id),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown customer field."),
    };
}
