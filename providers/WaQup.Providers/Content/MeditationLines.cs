namespace WaQup.Providers.Content;

/// <summary>The curated words of a guided meditation, section by section, spoken to the listener.</summary>
internal static class MeditationLines
{
    public static readonly string[] GreetingsWithName =
    [
        "Welcome, {name}, and thank you for making this time for {t}.",
        "Hello, {name}; for {these minutes}, this time is yours, and it is about {t}.",
        "{name}, welcome to a little quiet, made just for {t}.",
        "Hi, {name}; let's take {these minutes} together to make space for {t}.",
        "{name}, I am glad you are here; let's turn toward {t} with a little kindness.",
        "Welcome back to yourself, {name}; this is a quiet moment for {t}.",
    ];

    public static readonly string[] Greetings =
    [
        "Welcome, and thank you for making this time for {t}.",
        "Hello; for {these minutes}, this time is yours, and it is about {t}.",
        "Welcome to a little quiet, made just for {t}.",
        "Let's take {these minutes} together to make space for {t}.",
        "I am glad you are here; let's turn toward {t} with a little kindness.",
        "Welcome back to yourself; this is a quiet moment for {t}.",
    ];

    /// <summary>After the greeting, when the person said how they feel: the guide meets them there.</summary>
    public static readonly string[] HardFeelingArrival =
    [
        "If you are feeling {feeling} right now, that is all right; you can let it be here with you.",
        "You said you feel {feeling}; you do not need to push that away, only to breathe beside it.",
        "Feeling {feeling} is welcome here too; let's make a little room around it.",
    ];

    public static readonly string[] GladFeelingArrival =
    [
        "You are feeling {feeling}; let that feeling come along with you now.",
        "Notice that you feel {feeling}, and let it settle warmly in your chest.",
    ];

    public static readonly string[] Arrival =
    [
        "Find a comfortable position, sitting or lying down, wherever you are.",
        "Let your hands rest wherever they feel natural.",
        "If it feels right, gently close your eyes, or let your gaze soften toward the floor.",
        "There is nothing you need to do right now, and nowhere else you need to be.",
        "Let the chair, the bed or the floor take your weight completely.",
        "Notice the sounds around you, and let them simply be part of the room.",
        "Allow yourself to arrive here, just as you are.",
        "Whatever kind of day it has been, you can set it down for a little while.",
        "Let your face soften, from your forehead down to your jaw.",
        "Notice the temperature of the air on your skin.",
        "You do not have to get this right; simply being here is enough.",
        "Let the outside world carry on without you for a while.",
        "Give yourself permission to slow down, a little more with every moment.",
        "Let your shoulders drop away from your ears.",
    ];

    public static readonly string[] BreathOpeners =
    [
        "Bring your attention to your breath, without trying to change it.",
        "Now let your attention settle on your breathing, just as it is.",
        "Gently turn your attention to the rhythm of your breath.",
        "Let your awareness rest on your breathing, wherever you feel it most.",
        "Notice your next breath as it arrives, and the one after that.",
    ];

    public static readonly string[][] BreathBlocks =
    [
        [
            "Take a slow breath in, counting gently to four.",
            "Hold it softly at the top for a moment.",
            "Now breathe out slowly, counting to six, and let your shoulders fall.",
        ],
        [
            "Notice the air as it enters through your nose, cool and fresh.",
            "Feel it leave again, a little warmer, carrying some tension with it.",
        ],
        ["Feel your belly rise as you breathe in, and fall as you breathe out."],
        ["With each breath out, let your body grow a little heavier."],
        ["If your mind wanders, that is perfectly fine; simply guide it back to the breath."],
        ["Place a hand on your chest if you like, and feel the steady rhythm beneath it."],
        ["Breathe in calm, and breathe out whatever you no longer need."],
        ["There is no right way to breathe here; let each breath find its own pace."],
        ["Notice the small pause at the end of each breath, a moment of perfect stillness."],
        [
            "Imagine breathing in a soft, clear light.",
            "And as you breathe out, imagine a grey mist of worry leaving your body.",
        ],
        ["Each breath is a small reset, a chance to begin again."],
        [
            "Breathe in through your nose, and sigh the breath out through your mouth.",
            "Let that sigh carry away a little of the day.",
        ],
        ["Let your breathing slow down on its own, like waves settling after a storm."],
        [
            "Count your next few breaths silently, one as you breathe in, two as you breathe out.",
            "If you lose count, simply begin again at one.",
        ],
        ["Let the breath out be a little longer than the breath in, and feel how that calms you."],
        ["Breathe in steadiness for {t}, and breathe out any hurry."],
    ];

    public static readonly string[][] BreathEventBlocks =
    [
        ["As you breathe out, let a little of the weight of {t} drift away."],
    ];

    public static readonly BodyPart[] BodyTopToToe =
    [
        new("the top of your head", false),
        new("your forehead", false),
        new("your eyes", true),
        new("your jaw", false),
        new("your neck", false),
        new("your shoulders", true),
        new("your arms", true),
        new("your hands", true),
        new("your chest", false),
        new("your belly", false),
        new("your back", false),
        new("your hips", true),
        new("your legs", true),
        new("your knees", true),
        new("your feet", true),
        new("your toes", true),
    ];

    public static readonly string[] BodyIntroTopDown =
    [
        "Now let your attention move slowly through your body, from the top of your head down to your toes.",
        "Let's scan gently through the body now, beginning at the crown of the head and moving down.",
    ];

    public static readonly string[] BodyIntroBottomUp =
    [
        "Now let your attention move slowly through your body, from your toes up to the top of your head.",
        "Let's scan gently through the body now, beginning at the feet and moving upward.",
    ];

    public static readonly string[] BodyCompact =
    [
        "Let your attention sweep slowly through your body, softening every place it touches.",
        "Scan gently from head to toe, and let each part of you grow heavy and warm.",
        "Notice where your body touches the ground, and let every part of you grow a little heavier.",
        "Let a wave of softness travel down through your shoulders, your arms and your legs.",
        "Find any place that feels tight, and breathe into it until it begins to loosen.",
    ];

    /// <summary>{p} is the part, {it} them or it, {they} they or it, {is} are or is, {feels} feel or feels.</summary>
    public static readonly string[] BodyTemplates =
    [
        "Now bring your attention to {p}.",
        "Notice {p}, and let {it} soften.",
        "Let {p} grow heavy and warm.",
        "Breathe gently into {p}, and let any tightness melt away.",
        "If there is any tension in {p}, simply notice it, and let it go.",
        "Allow {p} to relax a little more with each breath.",
        "Imagine a gentle warmth spreading through {p}.",
        "Let {p} rest, with nothing to hold and nothing to do.",
        "Notice how {p} {feels} right now, without needing to change anything.",
        "Feel {p} becoming loose and easy, as if {they} had all the time in the world.",
    ];

    public static readonly string[] BodyClose =
    [
        "Now feel your whole body at once, resting, calm and complete.",
        "Sense your whole body together now, soft, heavy and at ease.",
        "Let your whole body rest as one, supported and still.",
        "Feel the quiet that has settled through every part of you.",
    ];

    public static readonly string[][] Scenes =
    [
        [
            "Imagine yourself on a quiet beach in the early evening.",
            "The sand is soft and warm beneath you, and the air smells of salt.",
            "Small waves roll in, one after another, and slide gently back out.",
            "Let your breathing match their rhythm, in as a wave arrives, out as it leaves.",
            "The sky above you is turning gold and pink as the sun lowers toward the water.",
            "A light breeze moves across your skin and through your hair.",
            "Each wave that leaves carries a little more of your tension out to sea.",
            "You are completely safe here, and there is nowhere else you need to be.",
        ],
        [
            "Picture yourself walking slowly along a path through an old, quiet forest.",
            "Tall trees rise around you, and sunlight filters down through the leaves in soft green beams.",
            "The ground beneath your feet is soft with moss and fallen needles.",
            "You can hear birdsong, the creak of branches and, somewhere nearby, running water.",
            "The air is cool and clean, and every breath tastes fresh.",
            "You find a wide old tree and rest your back against its trunk.",
            "Feel how steady it is, rooted deep in the earth, unbothered by the wind.",
            "Let some of that steadiness flow into you.",
        ],
        [
            "Imagine you are sitting beside a still mountain lake at dawn.",
            "The water is so calm that it mirrors the peaks and the pale sky perfectly.",
            "A thin mist drifts across the surface and slowly lifts in the first light.",
            "Somewhere across the water, a bird calls once, and the sound fades into silence.",
            "Your mind can be like this lake, clear and still beneath the passing mist.",
            "When a thought comes, imagine it as a small ripple that spreads out and disappears.",
            "The surface settles again, each time a little more quickly.",
            "Stay here for a while, resting in this quiet clarity.",
        ],
        [
            "Picture a wide, open meadow on a warm summer afternoon.",
            "Long grass and wild flowers sway gently around you, yellow, white and violet.",
            "You lie down in a soft hollow and look up at a deep blue sky.",
            "White clouds drift slowly by, changing shape as they go.",
            "Imagine placing each worry on a cloud and watching it float away.",
            "The sun warms your face, your arms, your whole body.",
            "Bees hum lazily among the flowers, and time seems to slow right down.",
            "There is nothing to do here but rest and be held by the earth.",
        ],
        [
            "Imagine stepping through a gate into a small walled garden that belongs only to you.",
            "The paths are lined with lavender and rosemary, and their scent fills the air.",
            "In the centre there is a fountain, and the sound of the water is soft and constant.",
            "You sit on a warm stone bench and let the quiet settle around you.",
            "Everything here grows at its own pace, without hurry and without worry.",
            "Notice a flower just beginning to open, and know that you are growing too.",
            "This garden is always here, and you can return to it whenever you wish.",
        ],
        [
            "Imagine a small wooden cabin on a snowy evening, with a fire crackling in the hearth.",
            "You are wrapped in a heavy blanket, warm and completely comfortable.",
            "Outside, snow falls silently, covering everything in soft white.",
            "The firelight flickers across the walls in slow, golden patterns.",
            "Listen to the gentle crackle of the wood, steady and soothing.",
            "Every part of you is warm, safe and sheltered here.",
            "Let the warmth of the fire soak into your muscles and melt away the last of the day.",
        ],
    ];

    public static readonly string[] SceneChanges =
    [
        "Now let the scene change gently, like a page turning.",
        "Let that picture fade softly, and another begin to form.",
        "Slowly, the scene around you begins to shift.",
    ];

    /// <summary>Lines that read well whatever the topic is: an event, a feeling, a wish or an activity.</summary>
    public static readonly string[] ImageryTopic =
    [
        "In this peaceful place, let your thoughts turn gently to {t}.",
        "Let this place fill you with exactly what you need for {t}.",
        "Everything you need for {t} is already within you.",
        "Let this calm settle into you, so it is there for {t}.",
        "Take a moment here to think about what {t} means to you.",
        "Notice how easily your body lets go here, and know it can do the same for {t}.",
        "Whenever you think about {t}, you can come back to this feeling.",
    ];

    /// <summary>Lines that only make sense when the topic is something that will happen, such as "your exam tomorrow".</summary>
    public static readonly string[] ImageryEvent =
    [
        "See yourself meeting {t} with the same calm you feel here.",
        "Imagine {t} unfolding well, one easy moment at a time.",
        "Picture yourself on the other side of {t}, relieved, steady and proud.",
        "Whatever happens with {t}, you can return to this place whenever you need it.",
        "Feel how much lighter {t} seems from this quiet, spacious place.",
        "Notice that {t} is only one part of your life, and this calm is always with you.",
    ];

    public static readonly IReadOnlyDictionary<Theme, string[]> ImageryByTheme = new Dictionary<Theme, string[]>
    {
        [Theme.Sleep] =
        [
            "Imagine your bed waiting for you, soft, cool and welcoming.",
            "Let sleep come when it is ready; there is no need to chase it.",
            "Feel yourself drifting, like a boat rocking gently on calm water.",
            "Each breath carries you a little further toward deep, easy rest.",
        ],
        [Theme.Calm] =
        [
            "Notice that, here, nothing is urgent.",
            "Let any worry become small and far away, like a sound across a valley.",
            "Feel the calm of this place seep slowly into every part of you.",
        ],
        [Theme.Focus] =
        [
            "Picture your mind as a clear, bright room, with everything you have learned neatly in its place.",
            "See yourself working steadily, one step at a time, calm and clear.",
            "Imagine the moment you finish, knowing that you gave it your best.",
        ],
        [Theme.Confidence] =
        [
            "See yourself standing tall, speaking clearly, your voice calm and steady.",
            "Notice the people around you listening with interest and respect.",
            "Feel a quiet confidence glowing in your chest, warm and sure.",
        ],
        [Theme.Energy] =
        [
            "Imagine the first light of morning pouring into you like warm sunlight.",
            "Feel energy rising from your feet, through your legs, into your whole body.",
            "See yourself moving through the day with purpose and ease.",
        ],
        [Theme.Kindness] =
        [
            "Imagine someone who loves you sitting beside you, wishing you well.",
            "Let that warmth turn inward, toward yourself.",
            "Feel what it is like to be accepted, exactly as you are.",
        ],
    };

    public static readonly string[] ReturnOpeners =
    [
        "Now, slowly, begin to bring your awareness back to the room around you.",
        "Gently, begin to let this scene fade, and come back to where you are.",
    ];

    public static readonly string[] ReturnMiddle =
    [
        "Notice the surface beneath you, and the weight of your body resting on it.",
        "Let your breath grow a little deeper and fuller.",
        "Wiggle your fingers and toes, and stretch gently if you would like to.",
        "Take a moment to thank yourself for making this time.",
        "Know that the calm you found here is yours to return to at any time.",
        "Hear the sounds of the world around you again, near and far.",
        "Bring a little of this quiet with you into whatever comes next.",
        "Roll your shoulders slowly, and let some movement return to your body.",
    ];

    public static readonly string[] ReturnTopic =
    [
        "Whenever {t} is on your mind, you can find this feeling again with a single slow breath.",
        "Bring what you found here with you, for {t}.",
        "Remember that this steadiness is yours, for {t} and for everything else.",
    ];

    public static readonly string[] ReturnEvent =
    [
        "Carry this steadiness with you into {t}.",
        "As you go on toward {t}, remember how it felt to be this calm.",
    ];

    public static readonly string[] ReturnWithName =
    [
        "Well done, {name}.",
        "Thank you for being here, {name}.",
        "You did something kind for yourself today, {name}.",
    ];

    public static readonly string[] ReturnClosers =
    [
        "When you are ready, and only when you are ready, open your eyes.",
        "And when you feel ready, gently open your eyes.",
        "Take one last slow breath, and when you are ready, open your eyes.",
    ];

    public static readonly string[] ReturnCompact =
    [
        "When you are ready, bring your awareness back to the room and gently open your eyes.",
        "Take one more slow breath, and when you are ready, open your eyes, carrying this calm with you.",
        "Gently stretch, notice the room around you, and open your eyes whenever you are ready.",
        "Let your breath deepen, feel your body waking up, and slowly open your eyes.",
    ];
}
