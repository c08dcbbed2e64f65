using WhatsApp.Api.Features.Templates;

namespace WhatsApp.Tests.Templates;

/// <summary>Filling a template's variables for one message from its fields, with the mapping compiled once.</summary>
public class VariableMappingTests
{
    private static readonly Dictionary<string, string?> Customer = new()
    {
        ["customer.name"] = "Ana",
        ["customer.plan"] = "Fiber 100",
        ["customer.padded"] = "  Bo  ",
        ["customer.blank"] = "  ",
        ["customer.none"] = null,
    };

    private static (Dictionary<string, string> Parameters, List<string> Missing) Resolve(Dictionary<string, string> stored) =>
        VariableMapping.Load(stored).Resolve(path => Customer.GetValueOrDefault(path));

    [Fact]
    public void Fields_inside_fixed_text_are_replaced_by_their_values_and_the_text_is_kept()
    {
        var (parameters, missing) = Resolve(new() { ["1"] = "Dear {{ customer.name }}, your {{customer.plan}} plan renews", ["2"] = "{{customer.name}}{{customer.plan}}!" });

        Assert.Equal("Dear Ana, your Fiber 100 plan renews", parameters["1"]);
        Assert.Equal("AnaFiber 100!", parameters["2"]);
        Assert.Empty(missing);
    }

    [Fact]
    public void A_variable_that_is_one_field_takes_its_value_trimmed_and_fixed_text_stays_as_given()
    {
        var (parameters, missing) = Resolve(new() { ["1"] = "{{customer.padded}}", ["2"] = "Welcome aboard" });

        Assert.Equal("Bo", parameters["1"]);
        Assert.Equal("Welcome aboard", parameters["2"]);
        Assert.Empty(missing);
    }

    [Fact]
    public void A_field_without_a_value_makes_its_variable_missing_even_inside_text()
    {
        var (parameters, missing) = Resolve(new()
        {
            ["1"] = "Dear {{customer.none}}, hello",
            ["2"] = "{{customer.blank}}",
            ["3"] = "{{customer.name}}",
            ["4"] = "{{customer.unknown}}",
        });

        Assert.Equal(["1", "2", "4"], missing);
        Assert.Equal("Dear , hello", parameters["1"]);
        Assert.Equal("", parameters["2"]);
        Assert.Equal("Ana", parameters["3"]);
    }

    public static TheoryData<string> Texts => ["Dear {{customer.name}}", "{{customer.none}}", "Hi {{ customer.blank }}!", "{{customer.padded}}",
        "{{customer.name}} on {{customer.unknown}}", "Welcome aboard", "  ", "{{customer.plan}}{{customer.name}}"];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Telling_whether_a_value_is_missing_agrees_with_resolving_the_parameters(string text)
    {
        var mapping = VariableMapping.Load(new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = text });

        Assert.Equal(mapping.Resolve(path => Customer.GetValueOrDefault(path)).Missing.Count > 0, mapping.AnyMissing(path => Customer.GetValueOrDefault(path)));
    }

    [Fact]
    public void Each_field_is_looked_up_in_the_order_it_appears()
    {
        var asked = new List<string>();
        VariableMapping.Load(new Dictionary<string, string> { ["1"] = "{{b}} and {{a}}", ["2"] = "{{c}}" })
            .Resolve(path => { asked.Add(path); return path; });

        Assert.Equal(["b", "a", "c"], asked);
    }
}
