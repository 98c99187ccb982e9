using System.Security.Cryptography;
using System.Text;
using ModeHop.Suite;

namespace ModeHop.Tests.Suite;

public class ContentHashTests
{
    static TaskDefinition Golden() =>
        new(Families.Flipped, "golden", false, "1",
            [
                new TestItem("Q: good A:", "Negative", "Positive"),
                new TestItem("Q: bad A:", "Positive", "Negative", [new Demo("Q: fine A:", "Negative", "neg")]),
            ],
            [new Demo("Q: great A:", "Negative")],
            DemoStrategy.Balanced, 1, "\n\n");

    // SHA-256 of the serialisation docs/suite.md spells out; pinned so that any change to the layout is noticed.
    const string GoldenHash = "51304a1ed976f2c94d7f4c3abb9d2c009893c280919eb1fe6be1406b88f536ce";

    [Fact]
    public void ContentHash_GoldenTask_IsThePinnedValue()
    {
        Assert.Equal(GoldenHash, Golden().ContentHash);
    }

    [Fact]
    public void ContentHash_GoldenTask_IsTheSha256OfTheDocumentedSerialisation()
    {
        const string documented =
            "s30:ModeHop.Suite.TaskDefinition/1" + "s7:Flipped" + "s6:golden" + "f" + "s1:1" +
            "l2:" + "s10:Q: good A:" + "s8:Negative" + "s8:Positive" + "n" +
            /**/    "s9:Q: bad A:" + "s8:Positive" + "s8:Negative" + "l1:" + "s10:Q: fine A:" + "s8:Negative" + "s3:neg" +
            "l1:" + "s11:Q: great A:" + "s8:Negative" + "n" +
            "s8:Balanced" + "i1;" + "s2:\n\n";
        Assert.Equal(Encoding.UTF8.GetBytes(documented), TaskHash.Serialize(Golden()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(documented))), Golden().ContentHash);
    }

    [Fact]
    public void ContentHash_TwoConstructions_AreEqual()
    {
        var a = Golden();
        var b = Golden();
        Assert.NotSame(a, b);
        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Matches("^[0-9a-f]{64}$", a.ContentHash);
    }

    public static TheoryData<string> Changes => [.. ChangeOf.Keys];

    static readonly Dictionary<string, Func<TaskDefinition, TaskDefinition>> ChangeOf = new()
    {
        ["family"] = t => t with { Family = Families.Truthy },
        ["name"] = t => t with { Name = "golden2" },
        ["control"] = t => t with { Control = true },
        ["version"] = t => t with { Version = "2" },
        ["item prompt"] = t => t with { Items = [t.Items[0] with { Prompt = "Q: good  A:" }, t.Items[1]] },
        ["item general"] = t => t with { Items = [t.Items[0] with { General = "negative" }, t.Items[1]] },
        ["item parrot"] = t => t with { Items = [t.Items[0], t.Items[1] with { Parrot = "Neutral" }] },
        ["item demos null → empty"] = t => t with { Items = [t.Items[0] with { Demos = [] }, t.Items[1]] },
        ["item demo label"] = t => t with { Items = [t.Items[0], t.Items[1] with { Demos = [new Demo("Q: fine A:", "Negative", "pos")] }] },
        ["item order"] = t => t with { Items = [t.Items[1], t.Items[0]] },
        ["pool demo answer"] = t => t with { DemoPool = [new Demo("Q: great A:", "Positive")] },
        ["pool label null → empty"] = t => t with { DemoPool = [new Demo("Q: great A:", "Negative", "")] },
        ["pool demo added"] = t => t with { DemoPool = [.. t.DemoPool, new Demo("Q: ok A:", "Negative")] },
        ["strategy"] = t => t with { Strategy = DemoStrategy.Random },
        ["demo count"] = t => t with { DemoCount = 2 },
        ["joiner"] = t => t with { Joiner = "\n" },
        // Field boundaries: moving text from one field to the next must not give the same bytes.
        ["boundary"] = t => t with { Items = [new TestItem("Q: good A:N", "egative", "Positive"), t.Items[1]] },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void ContentHash_OneFieldChanged_Changes(string change)
    {
        var original = Golden();
        _ = original.ContentHash; // cached before the `with`: the copy must not inherit it
        var changed = ChangeOf[change](original);
        Assert.NotEqual(original.ContentHash, changed.ContentHash);
        Assert.NotEqual(original, changed);
    }

    [Fact]
    public void ContentHash_WithNoChange_IsKept()
    {
        var original = Golden();
        Assert.Equal(original.ContentHash, (original with { }).ContentHash);
    }
}
