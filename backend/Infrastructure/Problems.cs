using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace WhatsApp.Api.Infrastructure;

/// <summary>The few problem+json answers the API gives besides validation errors.</summary>
public static class Problems
{
    public static ProblemHttpResult Conflict(string detail, string? field = null) =>
        Problem(StatusCodes.Status409Conflict, "Conflict", detail, field);

    public static ProblemHttpResult Unprocessable(string title, string detail, string? field = null) =>
        Problem(StatusCodes.Status422UnprocessableEntity, title, detail, field);

    public static ProblemHttpResult Problem(int status, string title, string detail, string? field = null)
    {
        var extensions = field is null ? null : new Dictionary<string, object?> { ["field"] = field };
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    public static ValidationProblem Field(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a string where a number belongs) into a 400
/// validation problem naming the offending field, instead of an empty 400 or a 500.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;

        // A form over its endpoint's size limits ("Multipart body length limit 1024 exceeded.") is too large, not malformed.
        var overLimit = bad.InnerException is InvalidDataException { Message: var limit } && limit.Contains("limit", StringComparison.Ordinal)
            && limit.Contains("exceeded", StringComparison.Ordinal);
        var status = overLimit ? StatusCodes.Status413PayloadTooLarge : bad.StatusCode;
        var (field, message) = bad.InnerException switch
        {
            JsonException json => (FieldFromJsonPath(json.Path), "The value is malformed or of the wrong type."),
            _ when overLimit => (ParameterOf(bad.Message) ?? "body", "The upload is larger than this endpoint takes."),
            _ when ParameterOf(bad.Message) is { } parameter => (parameter, "The value is missing, malformed or of the wrong type."),
            _ => ("body", bad.Message),
        };
        http.Response.StatusCode = status;
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = status == 413 ? "The request is too large." : "The request could not be read.",
        };
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// The parameter a query, route or form binding failure is about: ASP.NET Core says
    /// <c>Failed to bind parameter "Nullable&lt;int&gt; limit" from "many".</c>, which names it only in prose. For a
    /// property of an <c>[AsParameters]</c> record it gives the property's name; the API's names are camelCase.
    /// </summary>
    internal static string? ParameterOf(string message) =>
        BindingFailure().Match(message) is { Success: true } m ? JsonNamingPolicy.CamelCase.ConvertName(m.Groups["name"].Value) : null;

    [GeneratedRegex("^Failed to (?:bind|read) parameter \"(?:[^\"]*[\\s>])?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex BindingFailure();

    /// <summary>"$.credentials.authToken" → "credentials.authToken"; an unreadable body as a whole → "body".</summary>
    internal static string FieldFromJsonPath(string? path) =>
        path is null or "$" or "" ? "body" : path.StartsWith("$.") ? path[2..] : path.TrimStart('$');
}
