using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

// The resolver interface is marked experimental in 10.0 (ASP0029); the generated resolver this wraps uses it the same way.
#pragma warning disable ASP0029

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// .NET's built-in validation of request records (<c>AddValidation</c>), with what it knows about each type kept.
/// </summary>
public static class ValidationSetup
{
    public static IServiceCollection AddHaiLongValidation(this IServiceCollection services)
    {
        services.AddValidation();
        // After the source-generated resolver has been put first (the generator intercepts the call above).
        services.PostConfigure<ValidationOptions>(o =>
        {
            var resolvers = o.Resolvers.ToArray();
            o.Resolvers.Clear();
            o.Resolvers.Add(new KeptValidatableInfo(resolvers));
        });
        return services;
    }

    /// <summary>
    /// The generated resolver (10.0) builds a new type description on every call — for a submission once for the request
    /// and once for each of its answers — and each construction walks the type's interfaces by reflection: 5 % of the
    /// submission's CPU on the profile of 7 Dec (BENCHMARKS.md §2). A description is immutable, so one per type is kept;
    /// the validation itself (the same attributes, the same errors) is unchanged.
    /// </summary>
    private sealed class KeptValidatableInfo(IValidatableInfoResolver[] resolvers) : IValidatableInfoResolver
    {
        private readonly ConcurrentDictionary<Type, IValidatableInfo?> _types = new();
        private readonly ConcurrentDictionary<ParameterInfo, IValidatableInfo?> _parameters = new();

        public bool TryGetValidatableTypeInfo(Type type, [NotNullWhen(true)] out IValidatableInfo? validatableInfo)
        {
            validatableInfo = _types.GetOrAdd(type, static (t, all) =>
                all.Select(r => r.TryGetValidatableTypeInfo(t, out var info) ? info : null).FirstOrDefault(i => i is not null), resolvers);
            return validatableInfo is not null;
        }

        public bool TryGetValidatableParameterInfo(ParameterInfo parameterInfo, [NotNullWhen(true)] out IValidatableInfo? validatableInfo)
        {
            validatableInfo = _parameters.GetOrAdd(parameterInfo, static (p, all) =>
                all.Select(r => r.TryGetValidatableParameterInfo(p, out var info) ? info : null).FirstOrDefault(i => i is not null), resolvers);
            return validatableInfo is not null;
        }
    }
}
