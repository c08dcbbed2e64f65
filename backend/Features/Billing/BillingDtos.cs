namespace WhatsApp.Api.Features.Billing;

/// <summary><c>number</c>: the bill's number; left empty, one is assigned (B-00042).</summary>
public record CreateBillRequest(int? CustomerId, decimal? Amount, string? Currency, DateOnly? DueDate, string? Number = null);

/// <summary>An amount in the bill's currency; <c>paidAt</c> defaults to now.</summary>
public record AddPaymentRequest(decimal? Amount, DateTime? PaidAt = null);

public record PaymentDto(int Id, int BillId, decimal Amount, DateTime PaidAt, DateTime CreatedAt, string? CreatedBy);

public record BillDto(
    int Id, int CustomerId, string Number, decimal Amount, string Currency, DateOnly DueDate, BillStatus Status,
    decimal AmountPaid, DateTime? PaidAt, DateTime CreatedAt, IReadOnlyList<PaymentDto> Payments);

/// <summary>The payment as recorded and the bill it was applied to, paid or not.</summary>
public record PaymentResultDto(PaymentDto Payment, BillDto Bill);

/// <summary>Create: all fields. Update (renewal, plan change): <c>customerId</c> is ignored, the others replace what is stored when given.</summary>
public record SaveSubscriptionRequest(int? CustomerId, string? Plan, DateTime? ExpiresAt);

public record SubscriptionDto(int Id, int CustomerId, string Plan, DateTime ExpiresAt, DateTime CreatedAt, DateTime UpdatedAt);
