using System.Text.Json.Nodes;
using static Berth.Templates.Tests.Render;

namespace Berth.Templates.Tests;

/// <summary>An action prints its value as Go's fmt.Print does.</summary>
public class PrintingTests
{
    [Theory]
    [InlineData("\"text\"", "text")]
    [InlineData("42", "42")]
    [InlineData("-42", "-42")]
    [InlineData("9007199254740993", "9007199254740993")] // beyond double precision, still exact
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("1.5", "1.5")]
    [InlineData("2.0", "2")]
    [InlineData("0.1", "0.1")]
    [InlineData("100000", "100000")]
    [InlineData("100000.0", "100000")]
    [InlineData("1000000.0", "1e+06")]
    [InlineData("123456789.0", "1.23456789e+08")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("1e21", "1e+21")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "<nil>")]
    [InlineData("[]", "[]")]
    [InlineData("[\"a\",\"b c\",1]", "[a b c 1]")]
    [InlineData("[[1,2],[3]]", "[[1 2] [3]]")]
    [InlineData("[null,\"x\"]", "[<nil> x]")]
    [InlineData("{}", "map[]")]
    [InlineData("{\"b\":2,\"a\":\"x\",\"c\":null}", "map[a:x b:2 c:<nil>]")]
    [InlineData("{\"k\":{\"z\":[1],\"y\":{}}}", "map[k:map[y:map[] z:[1]]]")]
    public void ValuesPrintLikeGo(string json, string expected) => Assert.Equal(expected, Run("{{.V}}", $$"""{"V":{{json}}}"""));

    [Fact]
    public void DockerEnvPrintsAsAGoSlice() =>
        Assert.Equal("[PATH=/usr/local/sbin:/usr/bin NGINX_VERSION=1.25.3]",
            Run("{{.Config.Env}}", """{"Config":{"Env":["PATH=/usr/local/sbin:/usr/bin","NGINX_VERSION=1.25.3"]}}"""));

    [Fact]
    public void ProgrammaticallyBuiltNodes()
    {
        var data = new JsonObject
        {
            ["Int"] = 7,
            ["Long"] = 1L << 40,
            ["Double"] = 2.5,
            ["Float"] = 0.5f,
            ["Bool"] = true,
            ["String"] = "s",
            ["Decimal"] = 3m,
            ["UInt"] = ulong.MaxValue,
            ["Date"] = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        };
        Assert.Equal("7 1099511627776 2.5 0.5 true s 3 18446744073709551615 2024-01-02T03:04:05Z",
            GoTemplate.Parse("{{.Int}} {{.Long}} {{.Double}} {{.Float}} {{.Bool}} {{.String}} {{.Decimal}} {{.UInt}} {{.Date}}").Execute(data));
    }

    [Fact]
    public void IntegersAndFloatsKeepTheirGoTypes() =>
        Assert.Equal("int float64 string bool []interface {} map[string]interface {} <nil>",
            Run("{{printf \"%T %T %T %T %T %T %T\" .I .F .S .B .L .M .N}}", """{"I":1,"F":1.5,"S":"","B":true,"L":[],"M":{},"N":null}"""));
}
