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
        return TypedResults.Ok(await PageAsync(query, q, page, pageSize));
    }

    /// <summary>The customer list's search and paging, shared by every list of customers (all of them, a group's members).</summary>
    internal static async Task<CustomerPage> PageAsync(IQueryable<Customer> query, string? q, int page, int pageSize)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = LikePattern.Containing(q.Trim().ToLowerInvariant());
            query = query.Where(c => EF.Functions.Like(c.Name.ToLower(), pattern, LikePattern.Escape) || EF.Functions.Like(c.Phone, pattern, LikePattern.Escape)
                || (c.Email != null && EF.Functions.Like(c.Email.ToLower(), pattern, LikePattern.Escape))
                || (c.AccountNumber != null && EF.Functions.Like(c.AccountNumber.ToLower(), pattern, LikePattern.Escape)));
        }
        var total = await query.CountAsync();
        var items = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync();
        return new CustomerPage(items.Select(ToDto).ToList(), total, page, pageSize);
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
        var errors = Validate(request, phones, existing: null, out var phone);
        await ValidateGroupIdsAsync(db, request.GroupIds, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var customer = new Customer { Name = request.Name!.Trim(), Phone = phone!, CreatedAt = now, UpdatedAt = now };
        ApplyDetails(customer, request);
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Add(customer);
        await db.SaveChangesAsync();
        if (request.WhatsAppOptIn == true)
            consent.Record(customer, true, request.ConsentSource ?? ConsentSource.Admin, user.Identity?.Name, ConsentService.OptInWording);
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
        var errors = Validate(request, phones, customer, out var phone);
        await ValidateGroupIdsAsync(db, request.GroupIds, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        if (request.Name is not null) customer.Name = request.Name.Trim();
        if (phone is not null) customer.Phone = phone;
        ApplyDetails(customer, request);
        customer.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (request.WhatsAppOptIn is { } optIn && optIn != customer.WhatsAppOptIn)
            consent.Record(customer, optIn, request.ConsentSource ?? ConsentSource.Profile, user.Identity?.Name,
                optIn ? ConsentService.OptInWording : "Opted out in the customer's profile.");
        if (request.GroupIds is { } groupIds) await GroupMembership.SetForCustomerAsync(db, customer.Id, groupIds, customer.UpdatedAt);
        // One SaveChanges: the details, the consent record and the memberships are written together or not at all.
        await db.SaveChangesAsync();
        return TypedResults.Ok(await DetailAsync(db, links, customer));
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

    private static async Task ValidateGroupIdsAsync(AppDbContext db, IReadOnlyList<int>? groupIds, Dictionary<string, string[]> errors)
    {
        if (groupIds is null) return;
        if (groupIds.Count > MaxGroupIds) errors["groupIds"] = [$"At most {MaxGroupIds} groups."];
        else if (await GroupMembership.UnknownGroupIdsAsync(db, groupIds) is { Count: > 0 } unknown)
            errors["groupIds"] = [$"These groups do not exist: {GroupMembership.ListIds(unknown)}."];
    }

    /// <summary>Adds an error for <c>customerId</c> unless it names an existing customer (for the records that belong to one).</summary>
    internal static async Task RequireCustomerAsync(AppDbContext db, int? customerId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (customerId is null) errors["customerId"] = ["Choose a customer."];
        else if (!await db.Set<Customer>().AnyAsync(c => c.Id == customerId, ct)) errors["customerId"] = ["There is no such customer."];
    }

    internal static Dictionary<string, string[]> Validate(SaveCustomerRequest r, PhoneNumberNormalizer phones, Customer? existing, out string? phone)
    {
        var errors = new Dictionary<string, string[]>();
        phone = null;
        if (existing is null || r.Name is not null)
        {
            if (string.IsNullOrWhiteSpace(r.Name)) errors["name"] = ["A name is required."];
            else if (r.Name.Length > 200) errors["name"] = ["The name must be at most 200 characters."];
        }
        if (existing is null || r.Phone is not null)
        {
            phone = phones.ToE164(r.Phone);
            if (phone is null) errors["phone"] = ["A valid phone number is required, in international form such as +14155550123."];
        }
        if (r.Email is { Length: > 0 } email && (email.Length > 254 || !email.Contains('@'))) errors["email"] = ["The email address is not valid."];
        if (r.AccountNumber?.Length > 50) errors["accountNumber"] = ["At most 50 characters."];
        if (r.Plan?.Length > 100) errors["plan"] = ["At most 100 characters."];
        if (r.Language is { Length: > 0 } lang && (lang.Length > 16 || !lang.All(c => char.IsAsciiLetter(c) || c == '_' || c == '-')))
            errors["language"] = ["Use a language code such as en_US."];
        if (r.TimeZone is { Length: > 0 } zone && !CustomerClock.IsIanaZone(zone))
            errors["timeZone"] = ["Use an IANA time zone such as America/Sao_Paulo or Europe/Lisbon."];
        if (r.ConsentSource is ConsentSource.StopReply or ConsentSource.StartReply or ConsentSource.ProviderError or ConsentSource.UnsubscribeLink)
            errors["consentSource"] = ["That consent source is recorded by the system itself."];
        return errors;
    }

    internal static void ApplyDetails(Customer c, SaveCustomerRequest r)
    {
        if (r.Email is not null) c.Email = r.Email.NullIfBlank();
        if (r.AccountNumber is not null) c.AccountNumber = r.AccountNumber.NullIfBlank();
        if (r.Plan is not null) c.Plan = r.Plan.NullIfBlank();
        if (r.Language is not null) c.Language = r.Language.NullIfBlank();
        if (r.TimeZone is not null) c.TimeZone = r.TimeZone.NullIfBlank();
    }

    internal static CustomerDto ToDto(Customer c) =>
        new(c.Id, c.Name, c.Phone, c.Email, c.AccountNumber, c.Plan, c.Language, c.WhatsAppOptIn, c.CreatedAt, c.UpdatedAt, c.TimeZone);

    private static async Task<CustomerDetailDto> DetailAsync(AppDbContext db, UnsubscribeLinks links, Customer customer)
    {
        var history = await db.Set<ConsentRecord>().AsNoTracking().Where(r => r.CustomerId == customer.Id).OrderByDescending(r => r.Id)
            .Select(r => new ConsentRecordDto(r.Id, r.OptedIn, r.At, r.Source, r.Actor, r.Text)).ToListAsync();
        return new CustomerDetailDto(ToDto(customer), history, ConsentService.OptInWording)
        {
            Groups = await GroupMembership.OfCustomerAsync(db, customer.Id),
            UnsubscribeUrl = links.UrlFor(customer.Id),
        };
    }
}
