using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Groups;

public static class GroupsEndpoints
{
    /// <summary>Bounds one request's work and the size of the SQL parameter list behind it.</summary>
    internal const int MaxCustomerIds = 10_000;

    public static IEndpointRouteBuilder MapGroupsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/groups").WithTags("Groups").RequireAuthorization(Policies.Staff);
        group.MapGet("/", List).WithName("ListGroups").WithSummary("Every group with its member and opted-in counts, by name.");
        group.MapGet("/{id:int}", Get).WithName("GetGroup").WithSummary("One group with its member and opted-in counts.");
        group.MapPost("/", Create).WithName("CreateGroup").WithSummary("Adds a group; names are unique regardless of case.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:int}", Update).WithName("UpdateGroup").WithSummary("Renames a group or changes its description.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id:int}", Delete).WithName("DeleteGroup").WithSummary("Deletes a group and its memberships; the customers stay.");
        group.MapGet("/{id:int}/members", Members).WithName("ListGroupMembers")
            .WithSummary("The group's customers, searched by name, phone, email or account number, a page at a time.");
        group.MapPost("/{id:int}/members", AddMembers).WithName("AddGroupMembers")
            .WithSummary("Adds customers to the group; those already in it are skipped. Unknown ids add nothing.");
        group.MapPost("/{id:int}/members/remove", RemoveMembers).WithName("RemoveGroupMembers")
            .WithSummary("Removes customers from the group; ids that are not members are ignored.");
        return app;
    }

    private static async Task<Ok<List<GroupDto>>> List(AppDbContext db) =>
        TypedResults.Ok(await Summaries(db, db.Set<CustomerGroup>().OrderBy(g => g.NormalizedName).ThenBy(g => g.Id)).ToListAsync());

    private static async Task<Results<Ok<GroupDto>, NotFound>> Get(int id, AppDbContext db) =>
        await FindAsync(db, id) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound();

    private static async Task<Results<Created<GroupDto>, ValidationProblem, ProblemHttpResult>> Create(SaveGroupRequest request, AppDbContext db, TimeProvider clock)
    {
        var errors = Validate(request, creating: true);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var name = request.Name!.Trim();
        if (await NameTakenAsync(db, name, exceptId: null)) return DuplicateName(name);

        var now = clock.GetUtcNow().UtcDateTime;
        var row = new CustomerGroup
        {
            Name = name, NormalizedName = GroupMembership.NormalizeName(name), Description = request.Description.NullIfBlank(),
            CreatedAt = now, UpdatedAt = now,
        };
        db.Add(row);
        if (!await db.TrySaveChangesAsync()) return DuplicateName(name);
        return TypedResults.Created($"/api/groups/{row.Id}", (await FindAsync(db, row.Id))!);
    }

    private static async Task<Results<Ok<GroupDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        int id, SaveGroupRequest request, AppDbContext db, TimeProvider clock)
    {
        var row = await db.Set<CustomerGroup>().FirstOrDefaultAsync(g => g.Id == id);
        if (row is null) return TypedResults.NotFound();
        var errors = Validate(request, creating: false);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        if (request.Name is not null)
        {
            var name = request.Name.Trim();
            if (await NameTakenAsync(db, name, exceptId: id)) return DuplicateName(name);
            row.Name = name;
            row.NormalizedName = GroupMembership.NormalizeName(name);
        }
        if (request.Description is not null) row.Description = request.Description.NullIfBlank();
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (!await db.TrySaveChangesAsync()) return DuplicateName(row.Name);
        return TypedResults.Ok((await FindAsync(db, id))!);
    }

    private static async Task<Results<NoContent, NotFound>> Delete(int id, AppDbContext db)
    {
        // Memberships go with the group through the foreign key's cascade.
        var deleted = await db.Set<CustomerGroup>().Where(g => g.Id == id).ExecuteDeleteAsync();
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<CustomerPage>, NotFound>> Members(AppDbContext db, int id, string? q = null, int page = 1, int pageSize = 25)
    {
        if (!await db.Set<CustomerGroup>().AnyAsync(g => g.Id == id)) return TypedResults.NotFound();
        var members = db.Set<Customer>().AsNoTracking().Where(c => db.Set<GroupMember>().Any(m => m.GroupId == id && m.CustomerId == c.Id));
        return TypedResults.Ok(await members.ToPageAsync(q, page, pageSize));
    }

    private static async Task<Results<Ok<GroupMembersAdded>, NotFound, ValidationProblem>> AddMembers(
        int id, GroupMembersRequest request, AppDbContext db, TimeProvider clock)
    {
        if (!await db.Set<CustomerGroup>().AnyAsync(g => g.Id == id)) return TypedResults.NotFound();
        if (ValidateIds(request) is { } invalid) return invalid;
        var ids = request.CustomerIds!.Distinct().ToList();

        var known = await db.Set<Customer>().Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync();
        if (known.Count != ids.Count)
        {
            var unknown = ids.Except(known).Order().ToList();
            return Problems.Field("customerIds", $"These customers do not exist: {GroupMembership.ListIds(unknown)}. Nothing was added.");
        }

        // Two requests adding the same customer at once: the loser's insert hits the primary key; it re-reads and retries.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var added = await GroupMembership.AddMissingAsync(db, ids.Select(c => (id, c)).ToList(), clock.GetUtcNow().UtcDateTime);
                await db.SaveChangesAsync();
                return TypedResults.Ok(new GroupMembersAdded(added.Count, await MemberCountAsync(db, id)));
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<Results<Ok<GroupMembersRemoved>, NotFound, ValidationProblem>> RemoveMembers(int id, GroupMembersRequest request, AppDbContext db)
    {
        if (!await db.Set<CustomerGroup>().AnyAsync(g => g.Id == id)) return TypedResults.NotFound();
        if (ValidateIds(request) is { } invalid) return invalid;
        var ids = request.CustomerIds!.Distinct().ToList();

        var removed = await db.Set<GroupMember>().Where(m => m.GroupId == id && ids.Contains(m.CustomerId)).ExecuteDeleteAsync();
        return TypedResults.Ok(new GroupMembersRemoved(removed, await MemberCountAsync(db, id)));
    }

    private static ValidationProblem? ValidateIds(GroupMembersRequest request) => request.CustomerIds switch
    {
        null or { Count: 0 } => Problems.Field("customerIds", "Give at least one customer id."),
        { Count: > MaxCustomerIds } => Problems.Field("customerIds", $"At most {MaxCustomerIds} customer ids per request."),
        _ => null,
    };

    private static Dictionary<string, string[]> Validate(SaveGroupRequest r, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        if (creating || r.Name is not null)
        {
            if (string.IsNullOrWhiteSpace(r.Name)) errors["name"] = ["A name is required."];
            else if (r.Name.Trim().Length > CustomerGroup.MaxNameLength) errors["name"] = [$"The name must be at most {CustomerGroup.MaxNameLength} characters."];
        }
        if (r.Description?.Trim().Length > CustomerGroup.MaxDescriptionLength) errors["description"] = [$"At most {CustomerGroup.MaxDescriptionLength} characters."];
        return errors;
    }

    private static IQueryable<GroupDto> Summaries(AppDbContext db, IQueryable<CustomerGroup> groups) =>
        groups.AsNoTracking().Select(g => new GroupDto(
            g.Id, g.Name, g.Description,
            db.Set<GroupMember>().Count(m => m.GroupId == g.Id),
            db.Set<GroupMember>().Count(m => m.GroupId == g.Id && db.Set<Customer>().Any(c => c.Id == m.CustomerId && c.WhatsAppOptIn)),
            g.CreatedAt, g.UpdatedAt));

    private static Task<GroupDto?> FindAsync(AppDbContext db, int id) =>
        Summaries(db, db.Set<CustomerGroup>().Where(g => g.Id == id)).FirstOrDefaultAsync();

    private static Task<int> MemberCountAsync(AppDbContext db, int id) => db.Set<GroupMember>().CountAsync(m => m.GroupId == id);

    private static Task<bool> NameTakenAsync(AppDbContext db, string name, int? exceptId)
    {
        var normalized = GroupMembership.NormalizeName(name);
        return db.Set<CustomerGroup>().AnyAsync(g => g.NormalizedName == normalized && g.Id != exceptId);
    }

    private static ProblemHttpResult DuplicateName(string name) => Problems.Conflict($"A group named '{name}' already exists.", "name");
}
