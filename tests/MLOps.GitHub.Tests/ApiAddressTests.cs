using Xunit;

namespace MLOps.GitHub.Tests;

public class ApiAddressTests
{
    [Theory]
    [InlineData(null, "https://api.github.com/")]
    [InlineData("https://api.github.com", "https://api.github.com/")]
    [InlineData("https://ghe.contoso.com", "https://ghe.contoso.com/api/v3/")]
    [InlineData("https://ghe.contoso.com/api/v3", "https://ghe.contoso.com/api/v3/")]
    [InlineData("https://ghe.contoso.com/api/v3/", "https://ghe.contoso.com/api/v3/")]
    [InlineData("https://contoso.com/github/", "https://contoso.com/github/api/v3/")]
    public void Enterprise_addresses_get_one_api_v3_never_two(string? apiUrl, string expected) =>
        Assert.Equal(expected, ApiAddress.For(apiUrl).ToString());
}
