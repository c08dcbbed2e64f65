using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Support;

/// <summary>The helpdesk side the automations need: tickets and line diagnostics.</summary>
public static class SupportEndpoints
{
    private const int ListLimit = 200;

    public static IEndpointRouteBuilder MapSupportEndpoints(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("/api/tickets").WithTags("Tickets").RequireAuthorization(Policies.Staff);
        tickets.MapGet("/", ListTickets).WithName("ListTickets").WithSummary("Tickets, newest first (at most 200), optionally one customer's or by status.");
        tickets.MapGet("/{id:int}", GetTicket).WithName("GetTicket").WithSummary("One ticket.");
        tickets.MapPost("/", CreateTicket).WithName("CreateTicket").WithSummary("Opens a ticket for a customer; raises ticket.created.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPut("/{id:int}/status", ChangeTicketStatus).WithName("ChangeTicketStatus")
            .WithSummary("Moves a ticket to another status; raises ticket.status_changed when it changes.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        var diagnostics = app.MapGroup("/api/diagnostics").WithTags("Diagnostics").RequireAuthorization(Policies.Staff);
        diagnostics.MapGet("/", ListDiagnostics).WithName("ListDiagnostics").WithSummary("Diagnostics, newest first (at most 200), optionally one customer's.");
        diagnostics.MapPost("/", StartDiagnostic).WithName("StartDiagnostic").WithSummary("Starts a line diagnostic for a customer.");
        diagnostics.MapPost("/{id:int}/complete", CompleteDiagnostic).WithName("CompleteDiagnostic")
            .WithSummary("Records a diagnostic's result; raises diagnostic.completed.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<List<TicketDto>>> ListTickets(AppDbContext db, CancellationToken ct, int? customerId = null, TicketStatus? status = null)
    {
        var query = db.Set<Ticket>().AsNoTracking();
        if (customerId is not null) query = query.Where(t => t.CustomerId == customerId);
        if (status is not null) query = query.Where(t => t.Status == status);
        var rows = await query.OrderByDescending(t => t.Id).Take(ListLimit).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ToDto).ToList());
    }

    private static async Task<Results<Ok<TicketDto>, NotFound>> GetTicket(int id, AppDbContext db, CancellationToken ct) =>
        await db.Set<Ticket>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) is { } ticket
            ? TypedResults.Ok(ToDto(ticket))
            : TypedResults.NotFound();

    private static async Task<Results<Created<TicketDto>, ValidationProblem, ProblemHttpResult>> CreateTicket(
        CreateTicketRequest request, AppDbContext db, TicketDesk desk, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        await CustomerRules.RequireExistingAsync(db, request.CustomerId, errors, ct);
        var subject = request.Subject.NullIfBlank();
        if (subject is null) errors["subject"] = ["A subject is required."];
        else if (subject.Length > TicketDesk.SubjectMaxLength) errors["subject"] = [$"At most {TicketDesk.SubjectMaxLength} characters."];
        var number = request.Number.NullIfBlank();
        if (number?.Length > 50) errors["number"] = ["At most 50 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (number is not null && await db.Set<Ticket>().AnyAsync(t => t.Number == number, ct))
            return Problems.Conflict($"There is already a ticket {number}.", "number");

        var ticket = await desk.OpenAsync(request.CustomerId!.Value, subject!, number, ct);
        if (ticket is null) return Problems.Conflict($"There is already a ticket {number}.", "number");
        return TypedResults.Created($"/api/tickets/{ticket.Id}", ToDto(ticket));
    }

    private static async Task<Results<Ok<TicketDto>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeTicketStatus(
        int id, ChangeTicketStatusRequest request, AppDbContext db, TicketDesk desk, CancellationToken ct)
    {
        var ticket = await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null) return TypedResults.NotFound();
        if (request.Status is not { } status) return Problems.Field("status", "Choose Open, InProgress, Resolved or Closed.");
        if (!await desk.ChangeStatusAsync(ticket, status, ct))
            return Problems.Conflict($"Ticket {ticket.Number} was changed at the same time; reload it and try again.");
        return TypedResults.Ok(ToDto(ticket));
    }

    private static async Task<Ok<List<DiagnosticDto>>> ListDiagnostics(AppDbContext db, CancellationToken ct, int? customerId = null)
    {
        var query = db.Set<Diagnostic>().AsNoTracking();
        if (customerId is not null) query = query.Where(d => d.CustomerId == customerId);
        var rows = await query.OrderByDescending(d => d.Id).Take(ListLimit).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ToDto).ToList());
    }

    private static async Task<Results<Created<DiagnosticDto>, ValidationProblem>> StartDiagnostic(
        StartDiagnosticRequest request, AppDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        await CustomerRules.RequireExistingAsync(db, request.CustomerId, errors, ct);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var diagnostic = new Diagnostic
        {
            CustomerId = request.CustomerId!.Value, Status = DiagnosticStatus.Running, StartedAt = clock.GetUtcNow().UtcDateTime, StartedBy = user.Identity?.Name,
        };
        db.Add(diagnostic);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/diagnostics/{diagnostic.Id}", ToDto(diagnostic));
    }

    private static async Task<Results<Ok<DiagnosticDto>, NotFound, ValidationProblem, ProblemHttpResult>> CompleteDiagnostic(
        int id, CompleteDiagnosticRequest request, AppDbContext db, EventOutbox events, TimeProvider clock, CancellationToken ct)
    {
        var diagnostic = await db.Set<Diagnostic>().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (diagnostic is null) return TypedResults.NotFound();
        var summary = request.Summary.NullIfBlank();
        if (summary is null) return Problems.Field("summary", "Summarise the result.");
        if (summary.Length > 1000) return Problems.Field("summary", "At most 1000 characters.");
        if (diagnostic.Status == DiagnosticStatus.Completed) return Problems.Conflict($"Diagnostic {id} is already completed.");

        diagnostic.Status = DiagnosticStatus.Completed;
        diagnostic.CompletedAt = clock.GetUtcNow().UtcDateTime;
        diagnostic.Summary = summary;
        // Status is a concurrency token: of two completions at once, only the first is saved and raises the event.
        if (!await events.TrySaveAsync(() => events.Add(EventTypes.DiagnosticCompleted, diagnostic.CustomerId, $"diagnostic:{diagnostic.Id}",
                new Dictionary<string, string> { ["diagnostic.summary"] = summary }), ct))
            return Problems.Conflict($"Diagnostic {id} is already completed.");
        return TypedResults.Ok(ToDto(diagnostic));
    }

    public static TicketDto ToDto(Ticket t) => new(t.Id, t.CustomerId, t.Number, t.Subject, t.Status, t.CreatedAt, t.UpdatedAt);

    private static DiagnosticDto ToDto(Diagnostic d) => new(d.Id, d.CustomerId, d.Status, d.StartedAt, d.CompletedAt, d.Summary, d.StartedBy);
}
