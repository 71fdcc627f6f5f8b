using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// <c>TypedResults.NotFound(problem)</c> and its kin write a ProblemDetails body as <c>application/json</c>; clients and the
/// design expect <c>application/problem+json</c>. This filter rewrites such results as problem results, keeping the status
/// and the body, while the handlers keep their typed <c>Results&lt;…&gt;</c> unions for the OpenAPI document.
/// </summary>
public static class ProblemContentType
{
    public static TBuilder WithProblemContentType<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var inner = result is INestedHttpResult nested ? nested.Result : result;
            return inner is IValueHttpResult { Value: ProblemDetails problem } and not ProblemHttpResult
                ? TypedResults.Problem(problem)
                : result;
        });
}
