using ModeHop.Cli.Pipeline.Applications;
using ModeHop.Lab;
using ModeHop.Suite;
using ModeHop.Training.Data;

namespace ModeHop.Tests.Cli.Applications;

public class NarrowFineTuneTests
{
    [Fact]
    public void DataRecipe_ReadsOnlyTheChosenFamily_NotTheFineTuningFamiliesDocuments()
    {
        var recipe = Recipe.Load("demo");
        var data = NarrowFineTune.DataRecipe(recipe, "Repetitive");
        Assert.Equal(recipe.FamilyWeights.Keys, data.FamilyWeights.Keys);
        var rows = ((IBatchSource)new LabCorpus(data, new World(recipe.WorldSeed))).Composition(0, 20, 64)!.Rows;
        Assert.Equal(20 * 64, rows["Repetitive"].Values.Sum());
        Assert.All(Families.FineTuning, f => Assert.Equal(0, rows[f].Values.Sum()));
        // The fine-tune families of checkpoint selection are the prompted ones.
        Assert.Equal(Families.Prompted, NarrowFineTune.Families);
    }
}
