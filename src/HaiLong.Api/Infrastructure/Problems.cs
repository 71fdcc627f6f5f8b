using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Infrastructure;

/// <summary>ProblemDetails bodies for the outcomes handlers return through TypedResults.</summary>
public static class Problems
{
    public static ProblemDetails NotFound(string what, object id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Not found",
        Detail = $"No {what} with id {id} in your jurisdiction.",
    };

    public static ProblemDetails Conflict(string detail) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Conflict",
        Detail = detail,
    };

    public static ProblemDetails Unprocessable(string detail) => new()
    {
        Status = StatusCodes.Status422UnprocessableEntity,
        Title = "Unprocessable request",
        Detail = detail,
    };
}
