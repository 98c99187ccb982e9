using System.Globalization;
using System.Text.RegularExpressions;
using ModeHop.Suite;
using static ModeHop.Tests.Suite.English.EnglishSuiteTests;

namespace ModeHop.Tests.Suite.English;

/// <summary>EntityTracking and Backtracking items, solved again from their text.</summary>
public class ZeroShotAnswerTests
{
    static readonly Regex Holds = new(@"Box (?<b>[A-E]) (?:contains the (?<o>[a-z]+)|is empty)\.", RegexOptions.CultureInvariant);
    static readonly Regex Move = new(@"move the (?<o>[a-z]+) from Box (?<from>[A-E]) to Box (?<to>[A-E])\.", RegexOptions.CultureInvariant);
    static readonly Regex Asked = new(@"\nNow Box (?<b>[A-E]) contains the$", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Boxes_GeneralIsWhatTheMovesLeave_ParrotIsWhatWasFirstThere(bool control)
    {
        foreach (var item in Task(Families.EntityTracking, "boxes", control).Items)
        {
            var boxes = Holds.Matches(item.Prompt).ToDictionary(m => m.Groups["b"].Value, m => m.Groups["o"].Success ? m.Groups["o"].Value : null);
            var first = new Dictionary<string, string?>(boxes);
            var moves = Move.Matches(item.Prompt).ToArray();
            foreach (var m in moves)
            {
                Assert.Equal(m.Groups["o"].Value, boxes[m.Groups["from"].Value]);
                Assert.Null(boxes[m.Groups["to"].Value]);
                (boxes[m.Groups["to"].Value], boxes[m.Groups["from"].Value]) = (m.Groups["o"].Value, null);
            }
            string asked = Asked.Match(item.Prompt).Groups["b"].Value;
            Assert.Equal(boxes[asked], item.General);
            if (control)
            {
                Assert.Empty(moves);
                Assert.Contains(item.Parrot, first.Values);
            }
            else
            {
                Assert.InRange(moves.Length, 2, 4);
                Assert.Equal(first[asked], item.Parrot);
                Assert.NotEqual(moves[^1].Groups["o"].Value, item.General); // the last-mentioned object is wrong too
            }
        }
    }

    static readonly Regex Start = new(@"From (?<s>\w+) there is an? (?<d1>\d+)-mile road to (?<t1>\w+) and an? (?<d2>\d+)-mile road to (?<t2>\w+)\.", RegexOptions.CultureInvariant);
    static readonly Regex Road = new(@"A road leads from (?<a>\w+) to (?<b>\w+)\.", RegexOptions.CultureInvariant);
    static readonly Regex Goal = new(@"You are in (?<s>\w+) and want to reach (?<g>\w+)\.", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Roads_GeneralStartsAPathToTheGoal_ParrotLeadsNowhere(bool control)
    {
        foreach (var item in Task(Families.Backtracking, "roads", control).Items)
        {
            var start = Start.Match(item.Prompt);
            var goal = Goal.Match(item.Prompt);
            Assert.True(start.Success && goal.Success, item.Prompt);
            var roads = Road.Matches(item.Prompt).ToLookup(m => m.Groups["a"].Value, m => m.Groups["b"].Value);
            bool Reaches(string town, int depth = 0) => town == goal.Groups["g"].Value || (depth < 10 && roads[town].Any(t => Reaches(t, depth + 1)));

            Assert.True(Reaches(item.General), item.Prompt);
            Assert.False(Reaches(item.Parrot), item.Prompt);
            int d1 = int.Parse(start.Groups["d1"].Value, CultureInfo.InvariantCulture), d2 = int.Parse(start.Groups["d2"].Value, CultureInfo.InvariantCulture);
            string nearest = d1 < d2 ? start.Groups["t1"].Value : start.Groups["t2"].Value;
            Assert.Equal(control ? item.General : item.Parrot, nearest);
        }
    }
}
