using Microsoft.Extensions.Options;

namespace QueryDoctor.AspNetCore;

/// <summary>Validates <see cref="QueryDoctorAspNetCoreOptions"/> when the application starts.</summary>
internal sealed class QueryDoctorOptionsValidator : IValidateOptions<QueryDoctorAspNetCoreOptions>
{
    public ValidateOptionsResult Validate(string? name, QueryDoctorAspNetCoreOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
