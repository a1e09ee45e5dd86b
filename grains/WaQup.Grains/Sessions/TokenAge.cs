namespace WaQup.Grains.Sessions;

/// <summary>Which of a session's resume tokens was presented.</summary>
public enum TokenAge
{
    None,
    Current,
    Previous,
}
