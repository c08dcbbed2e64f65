using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// The Request Delegate Generator (endpoints generated at build time, see the project file) answers an optional query
/// or route parameter it cannot parse (<c>?page=abc</c> for <c>int page = 1</c>) with a bare 400: unlike the runtime
/// factory it neither throws nor logs, whatever <c>RouteHandlerOptions.ThrowOnBadRequest</c> says. This finds the
/// parameter from the endpoint's binding metadata and raises the exception the runtime factory would have, so
/// <see cref="BadRequestExceptionHandler"/> names it in the problem as for every other binding failure.
/// </summary>
public static class OptionalParameterFailures
{
    /// <summary>Goes inside the exception handler and the status-code pages, before the endpoints.</summary>
    public static IApplicationBuilder UseOptionalParameterFailures(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next(http);
        if (http.Response is { StatusCode: StatusCodes.Status400BadRequest, HasStarted: false, ContentLength: null or 0 }
            && http.GetEndpoint() is { } endpoint && Unparsable(http, endpoint) is var (name, value))
            throw new BadHttpRequestException($"Failed to bind parameter \"{name}\" from \"{value}\".");
    });

    private static (string Name, string Value)? Unparsable(HttpContext http, Endpoint endpoint)
    {
        foreach (var parameter in endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>())
        {
            if (!parameter.HasTryParse || parameter.ParameterInfo.ParameterType.IsArray) continue;
            var value = http.Request.RouteValues.TryGetValue(parameter.Name, out var route) && route is not null
                ? route.ToString()
                : http.Request.Query[parameter.Name].ToString();
            if (!string.IsNullOrEmpty(value) && !Parses(value, parameter.ParameterInfo.ParameterType)) return (parameter.Name, value);
        }
        return null;
    }

    private static bool Parses(string value, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return true;
        if (type.IsEnum) return Enum.TryParse(type, value, ignoreCase: false, out _);
        var withProvider = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        if (withProvider is not null) return (bool)withProvider.Invoke(null, [value, CultureInfo.InvariantCulture, null])!;
        var plain = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]);
        // A type parsed some other way: left to the bare 400 rather than guessed at.
        return plain is null || (bool)plain.Invoke(null, [value, null])!;
    }
}
