namespace WhatsApp.Api.Features.Support;

/// <summary><c>number</c>: left empty, one is assigned (T-00042).</summary>
public record CreateTicketRequest(int? CustomerId, string? Subject, string? Number = null);

public record ChangeTicketStatusRequest(TicketStatus? Status);

public record TicketDto(int Id, int CustomerId, string Number, string Subject, TicketStatus Status, DateTime CreatedAt, DateTime UpdatedAt);

public record StartDiagnosticRequest(int? CustomerId);

public record CompleteDiagnosticRequest(string? Summary);

public record DiagnosticDto(int Id, int CustomerId, DiagnosticStatus Status, DateTime StartedAt, DateTime? CompletedAt, string? Summary, string? StartedBy);
