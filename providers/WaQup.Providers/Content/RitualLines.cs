namespace WaQup.Providers.Content;

/// <summary>The curated steps and framing of a daily ritual, spoken to the listener.</summary>
internal static class RitualLines
{
    public static readonly string[] GreetingsWithName =
    [
        "Good to have you here, {name}.",
        "Welcome, {name}.",
        "Hello, {name}, let's begin.",
        "Hi, {name}, it is good to see you.",
        "Here we go, {name}.",
    ];

    public static readonly string[] Framing =
    [
        "This is your {n-minute} ritual for {t}.",
        "Here is a simple {n-minute} ritual for {t}, one step at a time.",
        "For {these minutes}, we will move through a short ritual for {t}.",
        "Let's spend {these minutes} on a ritual for {t}.",
        "This short ritual is here to help with {t}.",
        "Let's give {these minutes} to {t}.",
    ];

    public static readonly string[] Instructions =
    [
        "Each step has its own time, and I will tell you when to move on.",
        "You do not need anything special; just follow along at your own pace.",
        "I will guide you from one step to the next, so you can give each one your full attention.",
    ];

    /// <summary>Ways to arrive; a ritual opens with one of these.</summary>
    public static readonly RitualStep[] Grounding =
    [
        new(
            "find a comfortable place to stand or sit, and take slow, full breaths",
            [
                "Breathe in through your nose and let the breath fill your belly.",
                "Let each breath out be long and unhurried.",
                "Feel your feet on the floor and your body settling.",
            ]),
        new(
            "stand tall, plant your feet and let your arms hang loose",
            [
                "Feel the floor supporting you.",
                "Lift the crown of your head gently toward the ceiling.",
                "Let your shoulders drop away from your ears.",
            ]),
        new(
            "sit quietly and notice five things you can see, four you can hear and three you can feel",
            [
                "Take your time with each one.",
                "There is no rush; this is simply a way of arriving.",
                "Let each thing you notice bring you a little more into this moment.",
            ]),
        new(
            "place one hand on your chest and one on your belly, and simply breathe",
            [
                "Feel which hand moves more as you breathe.",
                "Let the breath sink lower, so the hand on your belly rises first.",
                "Stay with this easy rhythm, in and out.",
            ]),
        new(
            "sit comfortably, close your eyes and listen to your breathing",
            [
                "Let each breath in be a little slower than the last.",
                "Notice the cool air coming in and the warm air going out.",
            ]),
        new(
            "roll your shoulders slowly, forwards and then backwards, and let your breath deepen",
            [
                "Make the circles as big and as slow as feels good.",
                "With each roll, let your shoulders settle a little lower.",
            ]),
    ];

    public static readonly RitualStep[] Middle =
    [
        new(
            "stretch your whole body, reaching your arms overhead and then folding gently forward",
            [
                "Move slowly, and only as far as feels good.",
                "Let your breath guide each movement.",
                "Notice where your body feels tight, and breathe into that place.",
            ]),
        new(
            "drink a glass of water slowly, one mouthful at a time",
            [
                "Notice the coolness of the water and the weight of the glass in your hand.",
                "Think of it as a small act of care for your body.",
            ]),
        new(
            "shake out your hands and arms, roll your shoulders and gently loosen your neck",
            [
                "Let the movement be loose and playful.",
                "Shake off anything you do not need to carry with you.",
                "Finish by letting your arms hang still, and notice the tingle in your hands.",
            ]),
        new(
            "name three things you are grateful for, quietly or out loud",
            [
                "They can be small: a warm drink, a kind word, a moment of sunlight.",
                "Let yourself really feel each one before moving to the next.",
            ]),
        new(
            "close your eyes and picture what {t} looks like for you, in as much detail as you can",
            [
                "See the details: where you are, who is there, how you are standing.",
                "Notice the calm, capable way you move through it.",
                "Let yourself feel how good it is.",
            ]),
        new(
            "write a few honest lines about {t}, on paper or in your head",
            [
                "Do not edit or judge; just let the words come.",
                "If a worry appears, write it down and let the page hold it for you.",
                "Finish with one sentence about what you hope for.",
            ]),
        new(
            "repeat quietly to yourself: I am ready, and I can do this",
            [
                "Say it slowly, and let each word land.",
                "Each time you say it, let your voice grow a little steadier.",
            ]),
        new(
            "sit still and listen to the sounds around you, near and far",
            [
                "Let the sounds come and go without naming them.",
                "Notice the quiet underneath them.",
            ]),
        new(
            "stand or sit tall, open your chest and let your shoulders settle back",
            [
                "Notice how strong and open this posture feels.",
                "Let confidence live in your body before it reaches your mind.",
            ]),
        new(
            "scan slowly from the top of your head down to your toes, softening any tension you find",
            [
                "Pay special attention to your jaw, your shoulders and your hands.",
                "Wherever you find tightness, breathe into it and let it go.",
            ]),
        new(
            "clear one small space around you, such as a desk, a shelf or a bedside table",
            [
                "Let the order around you bring a little order within.",
                "Keep it simple; one small space is enough.",
            ]),
        new(
            "look out of a window or up at the sky, and let your eyes rest on something far away",
            [
                "Let your eyes soften and your focus widen.",
                "Notice the light, the colours and the movement outside.",
            ]),
    ];

    /// <summary>Ways to finish; a ritual's last step is one of these.</summary>
    public static readonly RitualStep[] Closing =
    [
        new(
            "set one clear intention for {t}, and say it to yourself in a single sentence",
            [
                "Keep it simple and kind, something you can hold on to.",
                "Repeat it a few times until it feels like yours.",
            ]),
        new(
            "choose one small, concrete thing you will do next for {t}",
            [
                "Make it small enough that you could start right away.",
                "Picture yourself doing it, easily and without fuss.",
            ]),
        new(
            "rest with a gentle smile and simply notice how you feel now",
            [
                "Compare it with how you felt when you began.",
                "Let this feeling be the one you carry with you.",
            ]),
        new(
            "think of one thing you are looking forward to, and let yourself smile at it",
            [
                "It can be something small, like a meal, a walk or a conversation.",
                "Let the anticipation warm you from the inside.",
            ]),
        new(
            "take three slow, deep breaths, and on each breath out, say thank you to yourself",
            [
                "Thank yourself for showing up today.",
                "Let each breath out be softer than the one before.",
            ]),
        new(
            "picture the rest of your day unfolding calmly, one moment at a time",
            [
                "See yourself meeting each part of it with patience.",
                "Notice how much lighter you feel now than when you began.",
            ]),
    ];

    public static readonly string[] Closings =
    [
        "Your ritual is complete.",
        "That is the end of your ritual.",
        "And that completes your ritual.",
        "You have reached the end of your ritual.",
        "That was your last step.",
    ];

    public static readonly string[] ClosingsWithName =
    [
        "Your ritual is complete, {name}.",
        "That is the end of your ritual, {name}.",
        "And that completes your ritual, {name}.",
        "You have reached the end of your ritual, {name}.",
        "That was your last step, {name}.",
    ];

    public static readonly string[] Farewells =
    [
        "Well done for making time for {t}.",
        "Take this feeling with you, and come back to it whenever you think of {t}.",
        "Notice how you feel now, and keep a little of it for {t}.",
    ];
}
