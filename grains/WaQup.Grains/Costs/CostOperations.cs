namespace WaQup.Grains.Costs;

/// <summary>What a provider call was for: the <c>operation</c> of a cost record and of the cost metrics.</summary>
public static class CostOperations
{
    public const string Script = "script";
    public const string Extraction = "extraction";
    public const string Speech = "speech";
    public const string Recognition = "recognition";
}
