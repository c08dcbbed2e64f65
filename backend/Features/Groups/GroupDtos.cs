using System.ComponentModel.DataAnnotations;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Groups;

/// <summary>A group with how many customers are in it and how many of those may be messaged.</summary>
public record GroupDto(int Id, string Name, string? Description, int MemberCount, int OptedInCount, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Create or update. On update, a null field keeps its value; an empty description clears it.</summary>
public record SaveGroupRequest(
    [property: StringLength(CustomerGroup.MaxNameLength), PlainText] string? Name, [property: StringLength(CustomerGroup.MaxDescriptionLength)] string? Description);

public record GroupMembersRequest(IReadOnlyList<int>? CustomerIds);

public record GroupMembersAdded(int Added, int MemberCount);

public record GroupMembersRemoved(int Removed, int MemberCount);

/// <summary>A group a customer belongs to, as shown on the customer's profile.</summary>
public record GroupRefDto(int Id, string Name);
