namespace WhatsApp.Api.Features.Customers;

public record ConsentRecordDto(long Id, bool OptedIn, DateTime At, ConsentSource Source, string? Actor, string? Text);

public record CustomerDto(
    int Id, string Name, string Phone, string? Email, string? AccountNumber, string? Plan, string? Language,
    bool WhatsAppOptIn, DateTime CreatedAt, DateTime UpdatedAt);

public record CustomerDetailDto(CustomerDto Customer, IReadOnlyList<ConsentRecordDto> ConsentHistory, string ConsentWording);

/// <summary>Create or update. <c>WhatsAppOptIn</c>, when given and different from the current state, appends a consent record.</summary>
public record SaveCustomerRequest(
    string? Name, string? Phone, string? Email, string? AccountNumber, string? Plan, string? Language,
    bool? WhatsAppOptIn, ConsentSource? ConsentSource);

public record CustomerPage(IReadOnlyList<CustomerDto> Items, int Total, int Page, int PageSize);
