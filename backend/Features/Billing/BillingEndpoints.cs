using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Billing;

/// <summary>The minimum of the billing application the automations need: bills, payments and subscriptions.</summary>
public static class BillingEndpoints
{
    private const int ListLimit = 200;

    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder app)
    {
        var bills = app.MapGroup("/api/bills").WithTags("Bills").RequireAuthorization(Policies.Staff);
        bills.MapGet("/", ListBills).WithName("ListBills").WithSummary("Bills, newest first (at most 200), optionally one customer's or by status.");
        bills.MapGet("/{id:int}", GetBill).WithName("GetBill").WithSummary("One bill with its payments.");
        bills.MapPost("/", CreateBill).WithName("CreateBill")
            .WithSummary("Issues a bill to a customer; raises bill.created.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        bills.MapPost("/{id:int}/payments", AddPayment).WithName("AddPayment")
            .WithSummary("Applies a payment to a bill, which is paid once its payments cover the amount; raises payment.received.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapGet("/api/customers/{customerId:int}/bills/{billId:int}/pdf", BillPdfFile).WithTags("Bills").RequireAuthorization(Policies.Staff)
            .WithName("GetBillPdf").WithSummary("The bill as a one-page PDF, as it stands now (payments included).")
            .Produces(StatusCodes.Status200OK, contentType: BillPdf.ContentType);

        var subscriptions = app.MapGroup("/api/subscriptions").WithTags("Subscriptions").RequireAuthorization(Policies.Staff);
        subscriptions.MapGet("/", ListSubscriptions).WithName("ListSubscriptions")
            .WithSummary("Subscriptions, soonest expiry first (at most 200), optionally one customer's.");
        subscriptions.MapPost("/", CreateSubscription).WithName("CreateSubscription")
            .WithSummary("Adds a subscription; expiry alerts (subscription.expiring) count down to expiresAt.");
        subscriptions.MapPut("/{id:int}", UpdateSubscription).WithName("UpdateSubscription")
            .WithSummary("Changes the plan or renews (a new expiresAt gets its own expiry alerts).");
        return app;
    }

    private static async Task<Ok<List<BillDto>>> ListBills(AppDbContext db, CancellationToken ct, int? customerId = null, BillStatus? status = null)
    {
        var query = db.Set<Bill>().AsNoTracking().Include(b => b.Payments).AsQueryable();
        if (customerId is not null) query = query.Where(b => b.CustomerId == customerId);
        if (status is not null) query = query.Where(b => b.Status == status);
        var rows = await query.OrderByDescending(b => b.Id).Take(ListLimit).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ToDto).ToList());
    }

    private static async Task<Results<Ok<BillDto>, NotFound>> GetBill(int id, AppDbContext db, CancellationToken ct) =>
        await db.Set<Bill>().AsNoTracking().Include(b => b.Payments).FirstOrDefaultAsync(b => b.Id == id, ct) is { } bill
            ? TypedResults.Ok(ToDto(bill))
            : TypedResults.NotFound();

    private static async Task<Results<FileContentHttpResult, NotFound>> BillPdfFile(int customerId, int billId, BillPdfMedia pdfs, CancellationToken ct) =>
        await pdfs.RenderAsync(billId, customerId, ct) is { } file
            ? TypedResults.File(file.Content!, file.ContentType, file.FileName)
            : TypedResults.NotFound();

    private static async Task<Results<Created<BillDto>, ValidationProblem, ProblemHttpResult>> CreateBill(
        CreateBillRequest request, AppDbContext db, EventOutbox events, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        await CustomerRules.RequireExistingAsync(db, request.CustomerId, errors, ct);
        if (Money.Problem(request.Amount) is { } amountProblem) errors["amount"] = [amountProblem];
        var currency = Money.CurrencyCode(request.Currency);
        if (currency is null) errors["currency"] = ["Use a three-letter currency code such as USD."];
        if (request.DueDate is null) errors["dueDate"] = ["A due date is required."];
        var number = request.Number.NullIfBlank();
        if (number?.Length > 50) errors["number"] = ["At most 50 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (number is not null && await db.Set<Bill>().AnyAsync(b => b.Number == number, ct))
            return Problems.Conflict($"There is already a bill {number}.", "number");

        var now = clock.GetUtcNow().UtcDateTime;
        var bill = new Bill
        {
            CustomerId = request.CustomerId!.Value,
            Number = number ?? DocumentNumbers.Placeholder(),
            Amount = request.Amount!.Value,
            Currency = currency!,
            DueDate = request.DueDate!.Value,
            Status = BillStatus.Unpaid,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(bill);
        if (!await events.TrySaveAsync(() =>
            {
                if (number is null) bill.Number = DocumentNumbers.For("B", bill.Id);
                events.Add(EventTypes.BillCreated, bill.CustomerId, $"bill:{bill.Id}", bill.EventData());
            }, ct))
            return Problems.Conflict($"There is already a bill {number}.", "number");
        return TypedResults.Created($"/api/bills/{bill.Id}", ToDto(bill));
    }

    private static async Task<Results<Created<PaymentResultDto>, NotFound, ValidationProblem, ProblemHttpResult>> AddPayment(
        int id, AddPaymentRequest request, AppDbContext db, EventOutbox events, CustomerClock customerClock, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken ct)
    {
        var bill = await db.Set<Bill>().Include(b => b.Payments).FirstOrDefaultAsync(b => b.Id == id, ct);
        if (bill is null) return TypedResults.NotFound();
        if (Money.Problem(request.Amount) is { } amountProblem) return Problems.Field("amount", amountProblem);
        var now = clock.GetUtcNow().UtcDateTime;
        var paidAt = request.PaidAt is { } at ? at.AsUtc() : now;
        if (paidAt > now.AddMinutes(5)) return Problems.Field("paidAt", "A payment cannot be in the future.");
        if (bill.Status == BillStatus.Paid) return Problems.Conflict($"Bill {bill.Number} is already paid.");

        var payment = new Payment { BillId = bill.Id, Amount = request.Amount!.Value, PaidAt = paidAt, CreatedAt = now, CreatedBy = user.Identity?.Name };
        bill.Payments.Add(payment);
        if (bill.Payments.Sum(p => p.Amount) >= bill.Amount)
        {
            bill.Status = BillStatus.Paid;
            bill.PaidAt = paidAt;
        }
        bill.UpdatedAt = now;
        var customer = await db.Set<Customer>().AsNoTracking().FirstAsync(c => c.Id == bill.CustomerId, ct);
        var saved = await events.TrySaveAsync(() => events.Add(EventTypes.PaymentReceived, bill.CustomerId, $"bill:{bill.Id}", new Dictionary<string, string>
        {
            ["payment.amount"] = payment.Amount.ToString(CultureInfo.InvariantCulture),
            ["payment.currency"] = bill.Currency,
            ["payment.date"] = customerClock.LocalDate(customer, paidAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["bill.number"] = bill.Number,
        }), ct);
        if (!saved) return Problems.Conflict($"Bill {bill.Number} was changed at the same time; reload it and try again.");
        return TypedResults.Created($"/api/bills/{bill.Id}", new PaymentResultDto(ToDto(payment), ToDto(bill)));
    }

    private static async Task<Ok<List<SubscriptionDto>>> ListSubscriptions(AppDbContext db, CancellationToken ct, int? customerId = null)
    {
        var query = db.Set<Subscription>().AsNoTracking();
        if (customerId is not null) query = query.Where(s => s.CustomerId == customerId);
        var rows = await query.OrderBy(s => s.ExpiresAt).ThenBy(s => s.Id).Take(ListLimit).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ToDto).ToList());
    }

    private static async Task<Results<Created<SubscriptionDto>, ValidationProblem>> CreateSubscription(
        SaveSubscriptionRequest request, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        await CustomerRules.RequireExistingAsync(db, request.CustomerId, errors, ct);
        if (string.IsNullOrWhiteSpace(request.Plan)) errors["plan"] = ["A plan is required."];
        if (request.ExpiresAt is null) errors["expiresAt"] = ["An expiry time is required."];
        ValidateSubscription(request, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var subscription = new Subscription
        {
            CustomerId = request.CustomerId!.Value, Plan = request.Plan!.Trim(), ExpiresAt = request.ExpiresAt!.Value.AsUtc(), CreatedAt = now, UpdatedAt = now,
        };
        db.Add(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/subscriptions/{subscription.Id}", ToDto(subscription));
    }

    private static async Task<Results<Ok<SubscriptionDto>, NotFound, ValidationProblem>> UpdateSubscription(
        int id, SaveSubscriptionRequest request, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var subscription = await db.Set<Subscription>().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null) return TypedResults.NotFound();
        var errors = new Dictionary<string, string[]>();
        if (request.Plan is not null && string.IsNullOrWhiteSpace(request.Plan)) errors["plan"] = ["A plan is required."];
        ValidateSubscription(request, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        if (request.Plan is not null) subscription.Plan = request.Plan.Trim();
        if (request.ExpiresAt is { } expiresAt) subscription.ExpiresAt = expiresAt.AsUtc();
        subscription.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToDto(subscription));
    }

    private static void ValidateSubscription(SaveSubscriptionRequest request, Dictionary<string, string[]> errors)
    {
        if (request.Plan?.Trim().Length > 100) errors["plan"] = ["At most 100 characters."];
    }

    private static PaymentDto ToDto(Payment p) => new(p.Id, p.BillId, p.Amount, p.PaidAt, p.CreatedAt, p.CreatedBy);

    private static BillDto ToDto(Bill b) => new(b.Id, b.CustomerId, b.Number, b.Amount, b.Currency, b.DueDate, b.Status,
        b.Payments.Sum(p => p.Amount), b.PaidAt, b.CreatedAt, b.Payments.OrderBy(p => p.Id).Select(ToDto).ToList());

    private static SubscriptionDto ToDto(Subscription s) => new(s.Id, s.CustomerId, s.Plan, s.ExpiresAt, s.CreatedAt, s.UpdatedAt);
}
