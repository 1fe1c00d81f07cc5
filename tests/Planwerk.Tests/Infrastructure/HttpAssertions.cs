using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Planwerk.Tests.Infrastructure;

/// <summary>Assertions on responses that print the body when the status is not the expected one.</summary>
public static class HttpAssertions
{
    public static async Task<string> AssertStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}\n{body}");
        return body;
    }

    /// <summary>Asserts status and returns the body as JSON.</summary>
    public static async Task<JsonElement> AssertJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.AssertStatusAsync(expected);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts a problem+json response with the given status and stable code; returns the problem.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var problem = await response.AssertJsonAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("requestId").GetString()));
        Assert.Equal(problem.GetProperty("detail").GetString(), problem.GetProperty("message").GetString());
        return problem;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body);

    public static Guid Id(this JsonElement element) => element.GetProperty("id").GetGuid();
}
