using WaQup.Providers.Content;

namespace WaQup.Tests.Content;

/// <summary>
/// Free talk taken apart into what the ritual is for, how the person feels and when (issue 14: "never a pasted
/// sentence"), and the words the guide says it back with. Each row is a way people put it.
/// </summary>
public sealed class NeedSpecs
{
    private readonly BuiltInSlotExtractor _extractor = new();

    public static TheoryData<string, string, string?, string?, string> Phrasings => new()
    {
        { "hey, I have a job interview tomorrow and I'm really nervous", "my job interview", "nervous", "tomorrow", "your job interview tomorrow" },
        { "I have an exam tomorrow morning and I'm so stressed", "my exam", "stressed", "tomorrow morning", "your exam tomorrow morning" },
        { "I'm nervous about my presentation at work tomorrow", "my presentation at work", "nervous", "tomorrow", "your presentation at work tomorrow" },
        { "I can't sleep, I'm worried about my mum's surgery next week", "my mum's surgery", "worried", "next week", "your mum's surgery next week" },
        { "my wedding is on saturday and I'm a bit anxious", "my wedding", "anxious", "on Saturday", "your wedding on Saturday" },
        { "I feel overwhelmed with work this week", "work", "overwhelmed", "this week", "work this week" },
        { "I'm really tired and I have a big day tomorrow", "my big day", "tired", "tomorrow", "your big day tomorrow" },
        { "i'm scared of my driving test this afternoon", "my driving test", "scared", "this afternoon", "your driving test this afternoon" },
        { "I've got a job interview on monday and I'm terrified", "my job interview", "terrified", "on Monday", "your job interview on Monday" },
        { "I want to feel confident for my first day at my new job", "feeling confident for my first day at my new job", null, null, "feeling confident for your first day at your new job" },
        { "I'm starting a new job tomorrow and I'm excited but nervous", "starting a new job", "nervous", "tomorrow", "starting a new job tomorrow" },
        { "I have a flight tonight and flying makes me anxious", "my flight", "anxious", "tonight", "your flight tonight" },
        { "I'm grieving my grandmother", "grieving my grandmother", null, null, "grieving your grandmother" },
        { "I'm feeling lonely tonight", "feeling lonely", "lonely", "tonight", "feeling lonely tonight" },
        { "I had a fight with my partner and I'm upset", "the fight with my partner", "upset", null, "the fight with your partner" },
        { "I need to focus on my thesis today", "focusing on my thesis", null, "today", "focusing on your thesis today" },
        { "I'm anxious about the dentist tomorrow", "the dentist", "anxious", "tomorrow", "the dentist tomorrow" },
        { "I have a difficult conversation with my boss this afternoon", "my difficult conversation with my boss", null, "this afternoon", "your difficult conversation with your boss this afternoon" },
        { "I'm exhausted after a long week", "a long week", "exhausted", null, "a long week" },
        { "I want to be kinder to myself", "being kinder to myself", null, null, "being kinder to yourself" },
        { "help me calm down before my exam", "calm before my exam", null, null, "calm before your exam" },
        { "I'm so stressed about money", "money", "stressed", null, "money" },
        { "I'm moving house next week and I feel overwhelmed", "moving house", "overwhelmed", "next week", "moving house next week" },
        { "tonight I have a date and I'm nervous", "my date", "nervous", "tonight", "your date tonight" },
        { "I have a big presentation on friday", "my big presentation", null, "on Friday", "your big presentation on Friday" },
        { "I'm worried about my exams", "my exams", "worried", null, "your exams" },
        { "my daughter is sick and I'm worried", "my daughter being sick", "worried", null, "your daughter being sick" },
        { "I'm feeling low today", "feeling low", "low", "today", "feeling low today" },
        { "I get really anxious before meetings", "meetings", "anxious", null, "meetings" },
        { "I'm giving a speech at my sister's wedding on saturday", "giving a speech at my sister's wedding", null, "on Saturday", "giving a speech at your sister's wedding on Saturday" },
        { "I have a doctor's appointment tomorrow and I'm scared", "my doctor's appointment", "scared", "tomorrow", "your doctor's appointment tomorrow" },
        { "I'm nervous", "feeling nervous", "nervous", null, "feeling nervous" },
        { "I feel stressed", "feeling stressed", "stressed", null, "feeling stressed" },
        { "I'm really anxious about tomorrow", "feeling anxious", "anxious", "tomorrow", "feeling anxious tomorrow" },
        { "I just lost my job and I'm scared", "losing my job", "scared", null, "losing your job" },
        { "I'm running a marathon on sunday", "running a marathon", null, "on Sunday", "running a marathon on Sunday" },
        { "I want to start my day with energy", "starting my day with energy", null, null, "starting your day with energy" },
        { "I'm trying to quit smoking", "quitting smoking", null, null, "quitting smoking" },
        { "I have a performance review this week and I'm nervous about it", "my performance review", "nervous", "this week", "your performance review this week" },
        { "I'm dealing with a breakup", "dealing with a breakup", null, null, "dealing with a breakup" },
        { "I'm frustrated with my team at work", "my team at work", "frustrated", null, "your team at work" },
        { "I have my driving test tomorrow", "my driving test", null, "tomorrow", "your driving test tomorrow" },
        { "I am nervous about my first day of school tomorrow", "my first day of school", "nervous", "tomorrow", "your first day of school tomorrow" },
        { "the kids were hard work today and I'm frazzled", "the kids being hard work", "frazzled", "today", "the kids being hard work today" },
        { "I'm stressed out about my deadline tomorrow", "my deadline", "stressed", "tomorrow", "your deadline tomorrow" },
        { "I have to speak in public next week and I'm terrified", "speaking in public", "terrified", "next week", "speaking in public next week" },
        { "I'm sad because my dog died", "losing my dog", "sad", null, "losing your dog" },
        { "I'm so angry at my brother", "my brother", "angry", null, "your brother" },
        { "I have a job interview tomorrow", "my job interview", null, "tomorrow", "your job interview tomorrow" },
        { "I'm afraid of flying and I fly tomorrow", "flying", "afraid", "tomorrow", "flying tomorrow" },
        { "I'm feeling unmotivated this morning", "feeling unmotivated", "unmotivated", "this morning", "feeling unmotivated this morning" },
        { "I'm restless tonight and can't sleep", "sleep", "restless", "tonight", "sleep tonight" },
        { "I'm excited about my holiday next week", "my holiday", "excited", "next week", "your holiday next week" },
        { "I feel insecure about my body", "my body", "insecure", null, "your body" },
        { "I have an important meeting this afternoon and I'm tense", "my important meeting", "tense", "this afternoon", "your important meeting this afternoon" },
        { "I'm overwhelmed by everything", "feeling overwhelmed", "overwhelmed", null, "feeling overwhelmed" },
        { "I have surgery on thursday and I'm really scared", "my surgery", "scared", "on Thursday", "your surgery on Thursday" },
        { "I'm worried about my son's exams next month", "my son's exams", "worried", "next month", "your son's exams next month" },
        { "I'm burnt out from work", "work", "burnt out", null, "work" },
        { "I feel guilty about missing my friend's party", "missing my friend's party", "guilty", null, "missing your friend's party" },
        { "I'm jittery before my audition tonight", "my audition", "jittery", "tonight", "your audition tonight" },

        // Found by trying new phrasings after the first 61: clauses parted by commas, "since", "can you"; what someone did; irregular pasts.
        { "I've been feeling really low since my dog died", "losing my dog", "low", null, "losing your dog" },
        { "my boss yelled at me today and I'm so frustrated", "my boss yelling at me", "frustrated", "today", "your boss yelling at you today" },
        { "I have a big exam on Friday, can you make me some affirmations", "my big exam", null, "on Friday", "your big exam on Friday" },
        { "I just broke up with my girlfriend", "breaking up with my girlfriend", null, null, "breaking up with your girlfriend" },
        { "we're moving house next month and everything is chaos", "moving house", null, "next month", "moving house next month" },
        { "I keep comparing myself to others on instagram", "comparing myself to others on instagram", null, null, "comparing yourself to others on instagram" },
        { "my daughter starts school tomorrow and I'm scared for her", "my daughter starting school", "scared", "tomorrow", "your daughter starting school tomorrow" },
        { "can you help me sleep, my mind keeps racing at night", "my mind racing at night", null, null, "your mind racing at night" },
        { "I'm so tired of arguing with my mother", "arguing with my mother", "tired", null, "arguing with your mother" },
        { "I'm nervous about my first marathon on sunday", "my first marathon", "nervous", "on Sunday", "your first marathon on Sunday" },
        { "I'm anxious all the time lately", "feeling anxious", "anxious", null, "feeling anxious" },
        { "It's my birthday tomorrow and I'm feeling old", "my birthday", null, "tomorrow", "your birthday tomorrow" },
        { "My son has been bullied at school and I'm angry", "my son being bullied at school", "angry", null, "your son being bullied at school" },
        { "I feel like I'm not good enough at work", "feeling good enough at work", null, null, "feeling good enough at work" },
        { "I need help letting go of anger towards my ex", "letting go of anger towards my ex", null, null, "letting go of anger towards your ex" },
        { "my grandfather passed away last month", "losing my grandfather", null, "last month", "losing your grandfather last month" },
        { "I can't stop thinking about the mistake I made at work", "thinking about my mistake at work", null, null, "thinking about your mistake at work" },
        { "Tomorrow is my first day of university", "my first day of university", null, "tomorrow", "your first day of university tomorrow" },
        { "I have a presentation in front of the whole company in two hours", "my presentation in front of the whole company", null, "in two hours", "your presentation in front of the whole company in two hours" },
        { "I lost my job last week and I don't know what to do", "losing my job", null, "last week", "losing your job last week" },
    };

    [Theory]
    [MemberData(nameof(Phrasings))]
    public void Free_talk_gives_a_topic_a_feeling_and_a_moment_and_is_said_back_in_the_second_person(string utterance, string topic, string? feeling, string? moment, string wording)
    {
        var slots = _extractor.Extract(utterance, SlotValues.Empty);

        Assert.Equal((topic, feeling, moment), (slots.Topic, slots.Feeling, slots.Moment));
        Assert.Equal(wording, TopicWording.SaidBack(slots.TopicAndMoment!));
    }

    [Theory]
    [MemberData(nameof(Phrasings))]
    public void No_topic_is_a_pasted_sentence(string utterance, string topic, string? feeling, string? moment, string wording)
    {
        _ = (topic, moment, wording);
        var slots = _extractor.Extract(utterance, SlotValues.Empty);

        // No clause joined on, no "I" or "I'm" of the person's sentence, no feeling said twice.
        Assert.DoesNotMatch(@"\b(?:and|but|because)\s+(?:i|i'm|my)\b|\bI(?:'m)?\b", slots.Topic!);
        if (feeling is not null && !slots.Topic!.StartsWith("feeling ", StringComparison.Ordinal))
        {
            Assert.DoesNotContain(feeling, slots.Topic, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_later_topic_brings_its_own_moment_and_a_moment_alone_moves_the_known_topics()
    {
        var first = _extractor.Extract("I have a job interview tomorrow and I'm nervous", SlotValues.Empty);
        var moved = _extractor.Extract("actually it's on friday", first);
        var changed = _extractor.Extract("no, it's about my exams", moved);

        Assert.Equal(("my job interview", "on Friday", "nervous"), (moved.Topic, moved.Moment, moved.Feeling));
        Assert.Equal(("my exams", null, "nervous"), (changed.Topic, changed.Moment, changed.Feeling));
    }

    [Fact]
    public void A_kind_and_a_length_said_after_the_need_keep_it()
    {
        var need = _extractor.Extract("hey, I have a job interview tomorrow and I'm really nervous", SlotValues.Empty);
        var order = _extractor.Extract("affirmations please, about two minutes", need);

        Assert.Equal(new SlotValues(WaQup.Abstractions.Protocol.RitualKind.Affirmation, "my job interview", 2, null, "nervous", "tomorrow"), order);
    }
}
