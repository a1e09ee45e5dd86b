namespace WaQup.Bench;

/// <summary>
/// What the recognition benchmark's sessions say: sentences a person would say to waQup, written by hand in the words
/// of the recogniser's phrase banks (DomainPhrases.txt) but not copied from its templates, and a few said freely with
/// words the banks do not have.
/// </summary>
public static class RecognitionUtterances
{
    /// <summary>Requests (kinds, topics, lengths, voices), feelings and life events, yes and no, stop.</summary>
    public static readonly IReadOnlyList<string> Domain =
    [
        "i'd like a guided meditation for sleep",
        "can you make me an affirmation set for confidence at work",
        "i have a job interview tomorrow and i'm really nervous",
        "a ten minute meditation for anxiety please",
        "i'm feeling overwhelmed this week",
        "could i have a breathing exercise to help me calm down",
        "help me sleep",
        "i can't sleep",
        "make it five minutes",
        "about fifteen minutes please",
        "yes please",
        "no thank you",
        "stop",
        "that's enough",
        "i want a body scan for relaxation with a soft voice",
        "i've got an exam on monday and i feel stressed",
        "something to help with focus",
        "a morning ritual for energy",
        "an evening ritual about gratitude",
        "i need help with motivation",
        "a short meditation please",
        "i'm really anxious about my driving test",
        "give me some affirmations for self love",
        "can we do a visualization for my career",
        "i feel so tired today",
        "i need something for healing",
        "a bedtime routine with a calm voice",
        "sounds good",
        "no, make it ten minutes",
        "yeah, let's do it",
        "not now, maybe later",
        "cancel that",
        "please stop",
        "hold on",
        "i have a presentation this afternoon and i'm scared",
        "help me focus",
        "a mindfulness practice for being present",
        "i want to feel calm",
        "something to help me feel less lonely",
        "i'd love a guided meditation about letting go",
        "how many credits do i have",
        "what can you do",
        "hi there, i want a daily ritual for new beginnings",
        "i'm worried about my wedding next week",
        "a twenty minute breathing exercise for stress",
        "could you make me a meditation for inner peace, half an hour",
        "okay, go ahead",
        "absolutely",
        "i changed my mind",
        "i've got a first date tonight and i feel nervous",
        "use a deep voice",
        "affirmations for courage please",
        "i'm feeling restless tonight",
        "make it shorter",
        "a quick breathing exercise for a long flight",
        "good morning, i'd like some affirmations for my exams",
        "stop the meditation",
        "i'm frustrated about a difficult conversation with my boss",
        "thank you",
        "a guided meditation for public speaking, around ten minutes",
    ];

    /// <summary>Said freely: most of their words are outside the phrase banks, so the domain model is expected to miss them.</summary>
    public static readonly IReadOnlyList<string> Free =
    [
        "read me a story about the ocean",
        "my cat has been sick all week and i am worried about her",
        "remind me to call my mother on sunday",
        "i had a long day at the office and my head hurts",
        "play something with rain sounds in the background",
        "what is the weather going to be like this weekend",
        "my daughter starts school next month and i am proud of her",
        "tell me a joke about penguins",
    ];
}
