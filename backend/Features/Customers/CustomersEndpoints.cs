using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Groups;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Customers;

public static class CustomersEndpoints
{
    /// <summary>A customer is in a handful of groups; the cap only bounds the SQL parameter list.</summary>
    private const int MaxGroupIds = 1000;

    public static IEndpointRouteBuilder MapCustomersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/customers").WithTags("Customers").RequireAuthorization(Policies.Staff);
        group.MapGet("/", List).WithName("ListCustomers").WithSummary("Customers, searched by name, phone, email or account number, optionally in one group, a page at a time.");
        group.MapGet("/{id:int}", Get).WithName("GetCustomer").WithSummary("One customer with their consent history, groups and unsubscribe link.");
        group.MapPost("/", Create).WithName("CreateCustomer").WithSummary("Adds a customer; whatsAppOptIn records their consent, groupIds puts them in groups. Raises customer.registered.");
        group.MapPut("/{id:int}", Update).WithName("UpdateCustomer").WithSummary("Updates a customer; a changed whatsAppOptIn appends a consent record, groupIds sets their groups exactly.");
        group.MapDelete("/{id:int}", Delete).WithName("DeleteCustomer").RequireAuthorization(Policies.Admin)
            .WithSummary("Deletes a customer with their consent records and memberships (admins only); their messages stay in the Sent Log without the link.");
        group.MapPost("/opt-out", OptOut).WithName("OptOutCustomers")
            .WithSummary("Opts the given customers out of WhatsApp with a reason, recorded as an admin's decision by the signed-in user.");
        group.MapPost("/import", Import).WithName("ImportCustomers")
            .WithSummary("Imports a CSV file (form field file, header row required): updates customers matched by account number or phone, creates the rest, reports bad rows. dryRun reports without saving.")
            // Cookies are SameSite=Strict and bearer tokens are never sent by another site, so no cross-site form can post here.
            .DisableAntiforgery()
            // Past the limit the server answers 413 while the upload is still arriving; the form limit is a backstop.
            .WithMetadata(new RequestSizeLimitAttribute(CustomerImporter.MaxFileBytes + 64 * 1024))
            .WithFormOptions(multipartBodyLengthLimit: 2 * CustomerImporter.MaxFileBytes)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    // groupId comes last so the generated client's positional arguments of existing callers keep their meaning.
    private static async Task<Ok<CustomerPage>> List(AppDbContext db, string? q = null, bool? optedIn = null, int page = 1, int pageSize = 25, int? groupId = null)
    {
        var query = db.Set<Customer>().AsNoTracking();
        if (optedIn is not null) query = query.Where(c => c.WhatsAppOptIn == optedIn);
        if (groupId is not null) query = query.Where(c => db.Set<GroupMember>().Any(m => m.GroupId == groupId && m.CustomerId == c.Id));
        return TypedResults.Ok(await query.ToPageAsync(q, page, pageSize));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(int id, AppDbContext db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The log keeps the phone number and the text sent; only the link to the person goes.
        await db.Set<WhatsAppMessage>().Where(m => m.CustomerId == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.CustomerId, (int?)null), ct);
        var deleted = await db.Set<Customer>().Where(c => c.Id == id).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<CustomerDetailDto>, NotFound>> Get(int id, AppDbContext db, UnsubscribeLinks links)
    {
        var customer = await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id);
        return customer is null ? TypedResults.NotFound() : TypedResults.Ok(await DetailAsync(db, links, customer));
    }

    private static async Task<Results<Created<CustomerDetailDto>, ValidationProblem>> Create(
        SaveCustomerRequest request, AppDbContext db, PhoneNumberNormalizer phones, ConsentService consent, UnsubscribeLinks links,
        EventOutbox events, ClaimsPrincipal user, TimeProvider clock)
    {
        var errors = CustomerRules.Validate(request, phones, existing: null, out var phone);
        await ValidateGroupIdsAsync(db, request.GroupIds, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var customer = new Customer { Name = request.Name!.Trim(), Phone = phone!, CreatedAt = now, UpdatedAt = now };
        CustomerRules.ApplyDetails(customer, request);
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Add(customer);
        await db.SaveChangesAsync();
        foreach (var purpose in ConsentService.AllPurposes.Where(p => Requested(request, p) == true))
            consent.Record(customer, purpose, true, request.ConsentSource ?? ConsentSource.Admin, user.Identity?.Name, ConsentService.WordingFor(purpose));
        if (request.GroupIds is { } groupIds) await GroupMembership.SetForCustomerAsync(db, customer.Id, groupIds, now);
        events.Add(EventTypes.CustomerRegistered, customer.Id, $"customer:{customer.Id}", new Dictionary<string, string>());
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        events.Kick();
        return TypedResults.Created($"/api/customers/{customer.Id}", await DetailAsync(db, links, customer));
    }

    private static async Task<Results<Ok<CustomerDetailDto>, NotFound, ValidationProblem>> Update(
        int id, SaveCustomerRequest request, AppDbContext db, PhoneNumberNormalizer phones, ConsentService consent, UnsubscribeLinks links,
        ClaimsPrincipal user, TimeProvider clock)
    {
        var customer = await db.Set<Customer>().FirstOrDefaultAsync(c => c.Id == id);
        if (customer is null) return TypedResults.NotFound();
        var errors = CustomerRules.Validate(request, phones, customer, out var phone);
        await ValidateGroupIdsAsync(db, request.GroupIds, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        if (request.Name is not null) customer.Name = request.Name.Trim();
        if (phone is not null) customer.Phone = phone;
        CustomerRules.ApplyDetails(customer, request);
        customer.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        foreach (var purpose in ConsentService.AllPurposes)
            if (Requested(request, purpose) is { } optIn && optIn != customer.Consents(purpose))
                consent.Record(customer, purpose, optIn, request.ConsentSource ?? ConsentSource.Profile, user.Identity?.Name,
                    string.IsNullOrWhiteSpace(request.ConsentReason)
                        ? (optIn ? ConsentService.WordingFor(purpose) : "Opted out in the customer's profile.")
                        : request.ConsentReason.Trim());
        if (request.GroupIds is { } groupIds) await GroupMembership.SetForCustomerAsync(db, customer.Id, groupIds, customer.UpdatedAt);
        // One SaveChanges: the details, the consent record and the memberships are written together or not at all.
        await db.SaveChangesAsync();
        return TypedResults.Ok(await DetailAsync(db, links, customer));
    }

    private static async Task<Results<Ok<BulkOptOutResult>, ValidationProblem>> OptOut(
        BulkOptOutRequest request, ConsentService consent, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.CustomerIds is not { Count: > 0 } ids) return Problems.Field("customerIds", "Choose at least one customer.");
        if (ids.Count > ConsentService.MaxBulkOptOut) return Problems.Field("customerIds", $"At most {ConsentService.MaxBulkOptOut} customers at once.");
        if (string.IsNullOrWhiteSpace(request.Reason)) return Problems.Field("reason", "Say why these customers are opted out.");
        var changed = await consent.OptOutAsync(ids, request.Reason.Trim(), user.Identity?.Name, ct);
        return TypedResults.Ok(new BulkOptOutResult(changed));
    }

    private static async Task<Results<Ok<CustomerImportResult>, ValidationProblem, ProblemHttpResult>> Import(
        IFormFile? file, CustomerImporter importer, ClaimsPrincipal user, CancellationToken ct, bool dryRun = false)
    {
        if (file is null || file.Length == 0) return Problems.Field("file", "Choose a CSV file with a header row.");
        if (file.Length > CustomerImporter.MaxFileBytes)
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, "The file is too large.",
                $"Import at most {CustomerImporter.MaxFileBytes / (1024 * 1024)} MB at a time; split the file.", "file");

        await using var stream = file.OpenReadStream();
        var (result, fileError) = await importer.ImportAsync(stream, Path.GetFileName(file.FileName).Truncate(200) ?? "upload.csv", user.Identity?.Name, dryRun, ct);
        return result is null ? Problems.Field("file", fileError!) : TypedResults.Ok(result);
    }

    /// <summary>The decision the request asks for about one purpose, if any.</summary>
    private static bool? Requested(SaveCustomerRequest request, ConsentPurpose purpose) =>
        purpose == ConsentPurpose.Marketing ? request.MarketingOptIn : request.WhatsAppOptIn;

    private static async Task ValidateGroupIdsAsync(AppDbContext db, IReadOnlyList<int>? groupIds, Dictionary<string, string[]> errors)
    {
        if (groupIds is null) return;
        if (groupIds.Count > MaxGroupIds) errors["groupIds"] = [$"At most {MaxGroupIds} groups."];
        else if (await GroupMembership.UnknownGroupIdsAsync(db, groupIds) is { Count: > 0 } unknown)
            errors["groupIds"] = [$"These groups do not exist: {GroupMembership.ListIds(unknown)}."];
    }

    private static async Task<CustomerDetailDto> DetailAsync(AppDbContext db, UnsubscribeLinks links, Customer customer)
    {
        var history = await db.Set<ConsentRecord>().AsNoTracking().Where(r => r.CustomerId == customer.Id).OrderByDescending(r => r.Id)
            .Select(r => new ConsentRecordDto(r.Id, r.OptedIn, r.At, r.Source, r.Actor, r.Text, r.Purpose)).ToListAsync();
        return new CustomerDetailDto(CustomerDto.From(customer), history, ConsentService.OptInWording)
        {
            Groups = await GroupMembership.OfCustomerAsync(db, customer.Id),
            UnsubscribeUrl = links.UrlFor(customer.Id),
        };
    }
}
