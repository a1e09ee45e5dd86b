namespace WaQup.Providers.Content;

/// <summary>The curated words of an affirmation set; every affirmation is first person and present tense.</summary>
internal static class AffirmationLines
{
    public static readonly string[] GreetingsWithName =
    [
        "Hello, {name}.",
        "Welcome, {name}.",
        "{name}, this time is yours.",
        "Hi, {name}, I am glad you are here.",
    ];

    public static readonly string[] Framing =
    [
        "These affirmations are for {t}.",
        "Here are some words to carry with you for {t}.",
        "Let these words settle in, one at a time, as you think about {t}.",
        "This set of affirmations is all about {t}.",
        "For {these minutes}, let these words shape how you feel about {t}.",
        "Take these words with you as you turn toward {t}.",
    ];

    public static readonly string[] Instructions =
    [
        "Repeat each line silently or out loud, and let it become your own.",
        "There is no need to believe every word yet; simply let each one land.",
        "Breathe gently between the lines, and let each one sink in before the next.",
        "Say the words with me in your mind, slowly and kindly.",
        "Let your body soften as you listen, and let the words do the work.",
    ];

    /// <summary>Said after the framing when the person feels something hard about the topic (second person).</summary>
    public static readonly string[] HardFeelingOpenings =
    [
        "It makes sense to feel {feeling} about {t}; these words are here to steady you.",
        "Feeling {feeling} is a sign that {t} matters to you, and that is all right.",
        "You may be feeling {feeling} right now; let these words meet you there.",
    ];

    /// <summary>One of these among the first affirmations when the person feels something hard (first person).</summary>
    public static readonly string[] HardFeelingLines =
    [
        "I can feel {feeling} and still meet {mt} well.",
        "Feeling {feeling} tells me this matters, and I am ready for it.",
        "I breathe slowly, and feeling {feeling} loosens its hold on me.",
        "I let feeling {feeling} pass through me like weather.",
    ];

    /// <summary>One of these among the first affirmations when the person feels something good about it.</summary>
    public static readonly string[] GladFeelingLines =
    [
        "I let myself feel {feeling}, and I enjoy it.",
        "Feeling {feeling} suits me, and I let it grow.",
        "I carry this {feeling} feeling into {mt}.",
    ];

    public static readonly string[] NameLines =
    [
        "I am {name}, and I am enough, just as I am.",
        "I am {name}, and I am ready.",
        "I am {name}, and I trust myself.",
    ];

    public static readonly string[] Topic =
    [
        "I keep my breath slow and easy when I think about {mt}.",
        "I bring patience and kindness to {mt}.",
        "I trust myself with {mt}.",
        "I have everything I need for {mt}.",
        "I make room for {mt} with every breath I take.",
        "I release any worry I carry about {mt}.",
        "I am calm, capable and ready for {mt}.",
        "I trust the part of me that knows how to handle {mt}.",
        "I let go of what I cannot control about {mt}.",
        "I breathe in ease, and I breathe out any tension I hold about {mt}.",
        "I treat myself kindly as I move through {mt}.",
        "I am proud of how I show up for {mt}.",
        "My mind is clear and steady when I turn to {mt}.",
        "I am exactly where I need to be with {mt}.",
        "I give myself permission to find ease in {mt}.",
        "I believe in myself when it comes to {mt}.",
        "I feel more at home with {mt} each day.",
        "I speak to myself with warmth whenever {mt} is on my mind.",
        "I hold {mt} lightly, with curiosity instead of fear.",
        "I see {mt} with fresh and hopeful eyes.",
        "I give {mt} my full and gentle attention.",
        "I am bigger than any worry about {mt}.",
        "I approach {mt} one calm breath at a time.",
        "I am ready for {mt}, and I trust myself.",
    ];

    /// <summary>Lines that only make sense when the topic is something that will happen, such as "my exam tomorrow".</summary>
    public static readonly string[] TopicEvent =
    [
        "I have handled hard things before, and I can handle {mt} too.",
        "I picture {mt} going well, and I feel ready.",
        "I walk into {mt} with my head up and my breath steady.",
    ];

    public static readonly string[] General =
    [
        "I am safe in this moment.",
        "I am enough, just as I am.",
        "I trust myself.",
        "I breathe in calm, and I breathe out tension.",
        "My breath is slow, deep and steady.",
        "I am worthy of rest and kindness.",
        "I let my shoulders soften and my jaw relax.",
        "I choose peace over worry.",
        "I am grounded, steady and strong.",
        "I trust the timing of my life.",
        "I can do hard things.",
        "I am learning and growing every day.",
        "I give myself the same kindness I give to others.",
        "I am calm, clear and present.",
        "I honour what I feel without letting it steer me.",
        "I let go of what is not mine to carry.",
        "I am proud of how far I have come.",
        "I deserve good things, and I welcome them.",
        "I am at home in my body.",
        "My mind is quiet, and my heart is open.",
        "I meet each moment as it comes.",
        "I release the need to be perfect.",
        "I have all the time I need.",
        "I am capable of more than I know.",
        "I listen to myself with patience.",
        "I bring a steady heart to everything I do.",
        "I am allowed to rest.",
        "I am becoming the person I want to be.",
        "I trust my breath to bring me back to centre.",
        "I focus on what I can do right now.",
        "I know my worth.",
        "I choose thoughts that support me.",
        "My body knows how to relax, and I let it.",
        "I am gentle with myself today.",
        "I breathe, I soften, and I begin again.",
    ];

    public static readonly IReadOnlyDictionary<Theme, string[]> ByTheme = new Dictionary<Theme, string[]>
    {
        [Theme.Sleep] =
        [
            "My body is heavy, warm and ready for rest.",
            "I let the day go, and I let the night hold me.",
            "I am safe, and I am allowed to rest now.",
            "My thoughts slow down, like leaves settling on still water.",
            "I release everything I do not need to solve tonight.",
            "I let sleep come to me gently, in its own time.",
            "I welcome deep, easy, restoring sleep.",
            "My breath is slow, and my mind is growing quiet.",
            "I trust my body to know how to rest.",
            "I have done enough for today.",
        ],
        [Theme.Calm] =
        [
            "I am calm, and my breath is mine to slow.",
            "I notice my worries, and I let them pass like clouds.",
            "I am safe in my body and safe in this moment.",
            "My whole body is settling, breath by breath.",
            "I choose calm, again and again.",
            "I can feel anxious and still be okay.",
            "I soften my shoulders, my jaw and my hands.",
            "I find peace one breath away, always.",
            "I meet my feelings with patience instead of fear.",
            "I let tension leave my body with every breath out.",
        ],
        [Theme.Focus] =
        [
            "My mind is clear, calm and focused.",
            "I remember what I have learned, and it comes to me easily.",
            "I give my full attention to one thing at a time.",
            "I am prepared, and I trust my preparation.",
            "I think clearly, even when the pressure rises.",
            "I take each question slowly and answer with care.",
            "I know more than I think I know.",
            "My focus is steady, like a calm, bright light.",
            "I let go of distractions and return to what matters.",
            "I do my best, and my best is enough.",
        ],
        [Theme.Confidence] =
        [
            "I am confident in who I am and what I bring.",
            "My voice matters, and I speak with clarity.",
            "I deserve my place in every room I enter.",
            "I trust my skills, my judgement and my experience.",
            "I stand tall, and I take up space with ease.",
            "I welcome challenges as chances to grow.",
            "I respect myself, and others see it.",
            "I handle setbacks with grace and keep going.",
            "I share my ideas openly and with confidence.",
            "I am capable, and I prove it to myself every day.",
        ],
        [Theme.Energy] =
        [
            "I wake up with energy and a sense of purpose.",
            "My body is awake, strong and ready to move.",
            "I greet this day with curiosity and warmth.",
            "I have all the energy I need for what matters today.",
            "I choose to begin this day with intention.",
            "I feel each breath fill me with fresh, bright energy.",
            "I am motivated, focused and ready.",
            "I move through my day with lightness and joy.",
            "I notice the good that this day holds for me.",
            "I take the first step, and momentum follows.",
        ],
        [Theme.Kindness] =
        [
            "I am worthy of love, exactly as I am.",
            "I treat myself with the kindness I give to others.",
            "I am grateful for the small, good things in my life.",
            "My heart is open, and I let good things in.",
            "I forgive myself for past mistakes and keep growing.",
            "I honour my needs and take care of myself.",
            "I am whole, even on the difficult days.",
            "I notice what is going well, and I give thanks for it.",
            "I speak to myself gently, the way a good friend does.",
            "I am allowed to grow at my own pace.",
        ],
    };

    public static readonly string[] Interludes =
    [
        "Let those words settle, and then hear them once more.",
        "Take a slow breath, and let the next round sink a little deeper.",
        "Breathe in, breathe out, and begin again.",
        "Notice how the words feel now, a little more familiar, a little more yours.",
        "Pause here for a breath, and let everything you have heard soak in.",
        "Once more, slowly, and with a little more warmth each time.",
    ];

    public static readonly string[] Closings =
    [
        "I carry these words with me, wherever I go.",
        "I am ready, and I am at peace.",
        "I take this calm with me into {mt}.",
        "I let these words settle deep within me.",
        "I believe these words, and I live them today.",
    ];
}
