"""Reading and vocabulary bank (English), grades 1-6.

All words, sentences and passages are written by hand for this project. Items built
programmatically (rhymes, letter swaps, syllables, prefixes and suffixes) carry tags such as
``rhyme:at``, ``swap:cat:first:h``, ``syllables:but-ter-fly``, ``root:play`` and
``affixed:un+happy`` that the verifier and the tests use to re-check the key.
"""

from __future__ import annotations

from collections.abc import Sequence

from _bank_kit import BankBuilder

SEED = 20240603

PHON = "read.phonics"
SIGHT = "read.sight_words_grammar"
SYL = "read.syllables_compounds"
MEAN = "vocab.word_meaning"
SYN = "vocab.synonyms_antonyms"
AFFIX = "vocab.prefixes_suffixes"
CTX = "vocab.context_clues"
FIG = "vocab.figurative_language"
LIT = "read.literal_comprehension"
INF = "read.inferential_comprehension"
MAIN = "read.main_idea_theme"

RIME_ITEMS = [  # target, rime, key, distractors
    ("cat", "at", "hat", ["dog", "sun", "cup"]),
    ("pig", "ig", "wig", ["pen", "box", "bus"]),
    ("hop", "op", "top", ["hat", "bed", "run"]),
    ("sun", "un", "run", ["sit", "man", "cot"]),
    ("bed", "ed", "red", ["bad", "bud", "bid"]),
    ("cake", "ake", "lake", ["cat", "kite", "cook"]),
    ("king", "ing", "ring", ["kind", "kick", "sang"]),
    ("bell", "ell", "shell", ["ball", "bill", "belt"]),
    ("duck", "uck", "truck", ["dock", "dust", "deck"]),
    ("night", "ight", "light", ["nice", "note", "nest"]),
]
INITIAL_ITEMS = [  # target, key, distractors
    ("ball", "bat", ["doll", "pen", "map"]),
    ("sun", "sock", ["fish", "top", "moon"]),
    ("moon", "milk", ["nest", "fan", "rug"]),
    ("fish", "fox", ["van", "pig", "hat"]),
    ("top", "tent", ["dog", "pot", "sun"]),
    ("leaf", "lion", ["ring", "web", "yak"]),
]
MEDIAL_ITEMS = [  # target, key, distractors (all consonant-vowel-consonant words)
    ("pin", "sit", ["pan", "pot", "pun"]),
    ("cat", "map", ["cot", "cut", "kit"]),
    ("hot", "mop", ["hat", "hit", "hut"]),
    ("bug", "cup", ["bag", "big", "bed"]),
    ("net", "leg", ["nut", "not", "nap"]),
]
SWAP_ITEMS = [  # word, position, new letter
    ("cat", "first", "h"),
    ("dog", "first", "l"),
    ("pen", "first", "t"),
    ("sun", "first", "r"),
    ("bat", "last", "g"),
    ("hop", "last", "t"),
]
SPELLING = [  # grade, correct, misspellings
    (1, "said", ["sed", "siad", "sayd"]),
    (1, "they", ["thay", "tehy", "thei"]),
    (1, "was", ["wuz", "wos", "waz"]),
    (1, "could", ["cud", "coud", "culd"]),
    (2, "because", ["becuz", "becaus", "beacause"]),
    (2, "friend", ["frend", "freind", "frined"]),
    (2, "people", ["peple", "poeple", "peeple"]),
    (2, "school", ["skool", "scool", "shcool"]),
]
AGREEMENT = [  # sentence with ___, key, wrong options, reason
    ("We ___ going to the park.", "are", ["is", "am"], "'We' takes 'are'."),
    ("She ___ a red bike.", "has", ["have", "having"], "'She' takes 'has'."),
    ("The dogs ___ in the garden.", "are", ["is", "am"], "'The dogs' is plural, so 'are'."),
    (
        "I ___ my lunch yesterday.",
        "ate",
        ["eat", "eats"],
        "'Yesterday' tells us it is in the past: 'ate'.",
    ),
    ("Tom and Sara ___ friends.", "are", ["is", "am"], "Two people take 'are'."),
    ("My cat ___ on the mat right now.", "is", ["are", "am"], "'My cat' is one animal: 'is'."),
]
SYLLABLES = [  # grade, word split into syllables
    (1, "jump"),
    (1, "rab-bit"),
    (1, "pen-cil"),
    (2, "but-ter-fly"),
    (2, "el-e-phant"),
    (2, "ba-na-na"),
    (2, "um-brel-la"),
    (2, "to-ma-to"),
    (2, "wa-ter-mel-on"),
    (2, "cat-er-pil-lar"),
    (3, "hel-i-cop-ter"),
    (3, "hip-po-pot-a-mus"),
]
COMPOUNDS_MC = [
    ("football", ["happy", "pencil", "yellow"]),
    ("sunflower", ["garden", "purple", "kitten"]),
    ("rainbow", ["rabbit", "listen", "carrot"]),
    ("toothbrush", ["brushing", "teacher", "bottle"]),
]
COMPOUND_PARTS = [
    ("sunlight", "sun", "light"),
    ("snowman", "snow", "man"),
    ("playground", "play", "ground"),
    ("bedroom", "bed", "room"),
]
MEANINGS = [  # grade, word, key, distractors
    (2, "enormous", "very big", ["very small", "very fast", "very old"]),
    (2, "tiny", "very small", ["very loud", "very heavy", "very bright"]),
    (
        2,
        "giggle",
        "to laugh in a small, silly way",
        ["to cry loudly", "to jump high", "to eat quickly"],
    ),
    (2, "damp", "a little wet", ["very hot", "very dry", "broken"]),
    (2, "gather", "to bring together", ["to throw away", "to break apart", "to paint"]),
    (
        2,
        "journey",
        "a trip from one place to another",
        ["a kind of food", "a loud noise", "a small house"],
    ),
    (2, "exhausted", "very tired", ["very happy", "very hungry", "very angry"]),
    (2, "delicious", "tasting very good", ["smelling bad", "very hard", "very cold"]),
    (3, "fragile", "easy to break", ["very strong", "very heavy", "full of colour"]),
    (3, "curious", "wanting to know or learn", ["feeling afraid", "feeling bored", "being unkind"]),
    (
        3,
        "glance",
        "to look quickly",
        ["to stare for a long time", "to listen carefully", "to shout"],
    ),
    (3, "swift", "fast", ["heavy", "quiet", "sleepy"]),
    (3, "nervous", "worried or a little afraid", ["calm and relaxed", "very sleepy", "very proud"]),
    (3, "vanish", "to disappear", ["to appear", "to grow", "to shout"]),
    (3, "examine", "to look at closely", ["to forget", "to throw", "to hide"]),
    (4, "cautious", "careful to avoid danger", ["careless", "very loud", "very rich"]),
    (4, "reluctant", "not wanting to do something", ["eager", "very late", "very clever"]),
    (4, "abandon", "to leave behind for good", ["to keep safe", "to build", "to visit"]),
]
SYN_ANT = [  # grade, word, synonym, antonym, two unrelated words
    (2, "happy", "glad", "sad", ["tall", "green"]),
    (2, "big", "large", "small", ["wet", "early"]),
    (2, "fast", "quick", "slow", ["round", "hungry"]),
    (2, "begin", "start", "finish", ["sing", "push"]),
    (2, "shout", "yell", "whisper", ["paint", "climb"]),
    (2, "easy", "simple", "hard", ["blue", "loud"]),
    (3, "angry", "mad", "calm", ["round", "early"]),
    (3, "smart", "clever", "foolish", ["purple", "sleepy"]),
    (3, "quiet", "silent", "noisy", ["hungry", "sharp"]),
    (3, "tired", "sleepy", "energetic", ["square", "salty"]),
    (3, "rich", "wealthy", "poor", ["tall", "sticky"]),
    (3, "correct", "right", "wrong", ["dusty", "round"]),
    (4, "ancient", "old", "modern", ["sleepy", "wooden"]),
    (4, "brave", "courageous", "cowardly", ["noisy", "spotted"]),
    (4, "huge", "gigantic", "tiny", ["sweet", "early"]),
    (4, "permit", "allow", "forbid", ["bake", "shiver"]),
    (4, "arrive", "reach", "depart", ["whistle", "melt"]),
    (4, "increase", "raise", "decrease", ["paint", "sneeze"]),
    (5, "timid", "shy", "bold", ["salty", "frozen"]),
    (5, "abundant", "plentiful", "scarce", ["polite", "hollow"]),
]
PREFIX_ITEMS = [  # grade, word, prefix, meaning
    (3, "rewrite", "re", "again"),
    (3, "unhappy", "un", "not"),
    (3, "preheat", "pre", "before"),
    (4, "misspell", "mis", "wrongly"),
    (4, "overcook", "over", "too much"),
    (4, "submarine", "sub", "under"),
    (4, "disobey", "dis", "not"),
    (4, "midnight", "mid", "middle"),
]
PREFIX_MEANINGS = ["again", "not", "before", "wrongly", "too much", "under", "middle", "after"]
SUFFIX_ITEMS = [  # grade, word, key, distractors
    (3, "careless", "without care", ["full of care", "one who cares", "care again"]),
    (3, "hopeful", "full of hope", ["without hope", "hope again", "one who hopes"]),
    (3, "teacher", "a person who teaches", ["teaching again", "without teaching", "not teaching"]),
    (
        4,
        "kindness",
        "the quality of being kind",
        ["not kind", "kind again", "a person who is kind"],
    ),
    (4, "washable", "able to be washed", ["washed before", "not washed", "a person who washes"]),
    (4, "fearless", "without fear", ["full of fear", "fear again", "one who fears"]),
]
ROOTS = [
    (3, "replaying", "play"),
    (3, "unkindly", "kind"),
    (4, "disagreement", "agree"),
    (3, "helpful", "help"),
    (4, "preheated", "heat"),
    (3, "misread", "read"),
    (4, "thankfulness", "thank"),
    (3, "unlocked", "lock"),
]
AFFIXED = [  # grade, base, meaning asked for, prefix, suffix
    (3, "happy", "not happy", "un", ""),
    (3, "read", "read again", "re", ""),
    (3, "help", "full of help", "", "ful"),
    (3, "fear", "without fear", "", "less"),
    (4, "view", "to view before", "pre", ""),
    (4, "agree", "to not agree", "dis", ""),
    (4, "paint", "a person who paints", "", "er"),
    (4, "dark", "the state of being dark", "", "ness"),
]
CONTEXT = [  # grade, sentence, word, key, distractors
    (
        3,
        "The desert was so arid that no plants could grow without water from the well.",
        "arid",
        "very dry",
        ["very cold", "very crowded", "very beautiful"],
    ),
    (
        3,
        "Mia was famished after the long hike, so she ate two sandwiches and an apple.",
        "famished",
        "very hungry",
        ["very tired", "lost", "very happy"],
    ),
    (
        3,
        "The kitten was so drowsy that its eyes kept closing.",
        "drowsy",
        "sleepy",
        ["angry", "wet", "playful"],
    ),
    (
        3,
        "Please discard your rubbish in the bin, not on the floor.",
        "discard",
        "throw away",
        ["pick up", "count", "wash"],
    ),
    (
        4,
        "The baby was wailing so loudly that the neighbours could hear her crying.",
        "wailing",
        "crying loudly",
        ["sleeping", "laughing quietly", "eating"],
    ),
    (
        4,
        "The old bridge was sturdy enough to hold the weight of a heavy truck.",
        "sturdy",
        "strong and solid",
        ["old and broken", "narrow", "freshly painted"],
    ),
    (
        4,
        "Leo was elated when he heard he had won first prize; he jumped and cheered.",
        "elated",
        "very happy",
        ["very worried", "confused", "bored"],
    ),
    (
        4,
        "The instructions were so vague that nobody knew what to do next.",
        "vague",
        "not clear",
        ["very short", "written in pencil", "very funny"],
    ),
    (
        5,
        "Unlike her brother, who is talkative, Priya is reticent and rarely speaks in class.",
        "reticent",
        "quiet; not willing to say much",
        ["talkative", "clever", "unkind"],
    ),
    (
        5,
        "The river was treacherous after the storm, with fast currents and hidden rocks.",
        "treacherous",
        "dangerous",
        ["calm", "shallow", "beautiful"],
    ),
    (
        5,
        "The scientist was meticulous; she checked every measurement three times.",
        "meticulous",
        "very careful about details",
        ["very fast", "forgetful", "famous"],
    ),
    (
        5,
        "After the long drought, the farmers were glad to see rain at last.",
        "drought",
        "a long time without rain",
        ["a big flood", "a harvest festival", "a cold winter"],
    ),
    (
        5,
        "The teacher's explanation was concise: she used only two sentences.",
        "concise",
        "short and clear",
        ["long and confusing", "loud", "funny"],
    ),
    (
        6,
        "The once-bustling market was now desolate; not a single person walked between the "
        "empty stalls.",
        "desolate",
        "empty and lonely",
        ["crowded and noisy", "colourful", "expensive"],
    ),
    (
        6,
        "Omar tried to mitigate the damage by putting a towel under the leaking pipe.",
        "mitigate",
        "make less serious",
        ["make worse", "measure", "hide"],
    ),
    (
        6,
        "Her benevolent neighbour often bakes bread for families who need help.",
        "benevolent",
        "kind and generous",
        ["strict", "curious", "jealous"],
    ),
    (
        6,
        "The evidence was ambiguous, so the detective could not be sure who had taken the cake.",
        "ambiguous",
        "could be understood in more than one way",
        ["completely clear", "very old", "made up"],
    ),
    (
        6,
        "Zoe was skeptical of the advert's claim that a cream could make anyone grow taller "
        "overnight.",
        "skeptical",
        "doubting; not easily convinced",
        ["excited", "frightened", "sleepy"],
    ),
]
FIGURATIVE = [  # grade, prompt, key, distractors, explanation
    (
        4,
        'What does this sentence mean? "It\'s raining cats and dogs."',
        "It is raining very hard.",
        [
            "Animals are falling from the sky.",
            "It is a little cloudy.",
            "Pets are playing outside.",
        ],
        "'Raining cats and dogs' is an idiom for very heavy rain.",
    ),
    (
        4,
        'Before the school play, Dad said to Mia, "Break a leg!" What did he mean?',
        "Good luck!",
        ["Be careful not to fall.", "Hurry up!", "Go home."],
        "'Break a leg' is an idiom actors use to wish good luck.",
    ),
    (
        5,
        '"Tom let the cat out of the bag about the surprise party." What did Tom do?',
        "He told a secret.",
        ["He let his pet go outside.", "He bought a cat.", "He lost a bag."],
        "'Let the cat out of the bag' means to tell a secret.",
    ),
    (
        5,
        '"This homework is a piece of cake." What does the speaker mean?',
        "The homework is very easy.",
        [
            "The homework is about baking.",
            "The homework is very hard.",
            "The homework is delicious.",
        ],
        "'A piece of cake' is an idiom for something easy.",
    ),
    (
        5,
        '"Mia was feeling under the weather, so she stayed home." How was Mia feeling?',
        "She was feeling ill.",
        [
            "She was standing out in the rain.",
            "She was very happy.",
            "She was excited about the weather.",
        ],
        "'Under the weather' means slightly ill.",
    ),
    (
        6,
        'Grandpa said, "There\'s no use crying over spilled milk." What did he mean?',
        "Do not get upset about something that cannot be changed.",
        [
            "Always clean up spills straight away.",
            "Milk is bad for you.",
            "Do not drink milk too quickly.",
        ],
        "The saying means there is no point being upset about what is already done.",
    ),
    (
        6,
        "\"With the test tomorrow, it's time to hit the books.\" What does 'hit the books' mean?",
        "to study hard",
        ["to knock books off a table", "to throw books away", "to buy new books"],
        "'Hit the books' is an idiom for studying hard.",
    ),
    (
        4,
        "Which sentence uses a simile?",
        "The snow was as white as a sheet.",
        [
            "The snow fell all night.",
            "The snow was a white blanket on the town.",
            "We played in the snow.",
        ],
        "A simile compares two things using 'like' or 'as': 'as white as a sheet'.",
    ),
    (
        5,
        "Which sentence uses a metaphor?",
        "The classroom was a zoo after lunch.",
        [
            "The classroom was as noisy as a zoo.",
            "The classroom was noisy after lunch.",
            "We visited the zoo after lunch.",
        ],
        "A metaphor says one thing IS another, without 'like' or 'as'.",
    ),
    (
        5,
        '"The flowers danced in the breeze." What does this sentence mean?',
        "The flowers moved gently in the wind.",
        [
            "The flowers were dancing at a party.",
            "Someone picked the flowers.",
            "The wind stopped blowing.",
        ],
        "The flowers are described as if they were people (personification).",
    ),
    (
        4,
        "\"Our team will bat next.\" What does 'bat' mean in this sentence?",
        "to take a turn hitting the ball",
        ["a flying animal", "to blink your eyes", "a wooden stick"],
        "Here 'bat' is a verb: to take a turn hitting the ball.",
    ),
    (
        4,
        "\"We sat on the bank of the river and had a picnic.\" What does 'bank' mean here?",
        "the land along the side of a river",
        ["a place that keeps money", "a box for saving coins", "to count on someone"],
        "Context (river, picnic) shows 'bank' means the side of a river.",
    ),
    (
        5,
        "\"The box is light enough for a child to carry.\" What does 'light' mean here?",
        "not heavy",
        ["bright", "pale in colour", "to start a fire"],
        "'Enough for a child to carry' shows that 'light' means not heavy.",
    ),
    (
        6,
        "Which sentence uses hyperbole (exaggeration)?",
        "I have told you a million times to tidy your room.",
        [
            "I have told you twice to tidy your room.",
            "Your room is as messy as a pigsty.",
            "Please tidy your room before dinner.",
        ],
        "'A million times' is an exaggeration for effect.",
    ),
]

# Passages: id, grade, title, text, questions.
# Question kinds: lit (literal), inf (inferential), voc (vocabulary in context), main (main
# idea / theme / purpose), pc (written response scored 0-2 with a rubric).
PASSAGES: list[tuple[str, int, str, str, list[dict[str, object]]]] = [
    (
        "p01",
        1,
        "Sam and Max",
        "Sam has a red ball. He kicks the ball to his dog, Max. Max runs fast. He brings the "
        'ball back to Sam. Sam pats Max on the head. "Good dog!" says Sam.',
        [
            {
                "k": "lit",
                "q": "What colour is Sam's ball?",
                "a": "red",
                "d": ["blue", "green", "yellow"],
            },
            {"k": "lit", "q": "What is the dog's name?", "short": ["Max"]},
            {
                "k": "lit",
                "q": "What does Max do with the ball?",
                "a": "He brings it back to Sam.",
                "d": ["He hides it.", "He pops it.", "He drops it in a pond."],
            },
            {
                "k": "inf",
                "q": "How does Sam feel about Max?",
                "a": "He is pleased with him.",
                "d": ["He is angry with him.", "He is afraid of him.", "He is bored with him."],
                "why": 'Sam pats Max and says "Good dog!"',
            },
        ],
    ),
    (
        "p02",
        1,
        "Snow Day",
        "It is a cold day. Lily puts on her hat and her coat. She goes out to play in the snow. "
        "She makes a big snowman. She gives him a carrot nose. Then Lily's mom calls her in for "
        "hot soup.",
        [
            {
                "k": "lit",
                "q": "What does Lily make?",
                "a": "a snowman",
                "d": ["a sandcastle", "a cake", "a kite"],
            },
            {
                "k": "lit",
                "q": "What does Lily use for the snowman's nose?",
                "a": "a carrot",
                "d": ["a stick", "a button", "a rock"],
            },
            {
                "k": "inf",
                "q": "Why does Lily put on her hat and coat?",
                "a": "Because it is cold outside.",
                "d": [
                    "Because she is going to school.",
                    "Because it is her birthday.",
                    "Because she is going to bed.",
                ],
                "why": "The story says it is a cold day.",
            },
            {
                "k": "lit",
                "q": "Who calls Lily in for soup?",
                "short": ["her mom", "mom", "her mother", "mother", "Lily's mom"],
            },
        ],
    ),
    (
        "p03",
        2,
        "Ben's Seed",
        "Ben planted a bean seed in a cup of soil. He put the cup on a sunny window sill and "
        "gave the seed a little water every day. After one week, a tiny green shoot poked out "
        "of the soil. Ben measured it with a ruler: it was two centimetres tall. By the end of "
        "the month, the plant was taller than the cup, so Ben moved it into the garden.",
        [
            {
                "k": "lit",
                "q": "Where did Ben put the cup?",
                "a": "on a sunny window sill",
                "d": ["in a dark cupboard", "under his bed", "in the fridge"],
            },
            {
                "k": "lit",
                "q": "How tall was the shoot when Ben measured it? Give the number of centimetres.",
                "value": 2,
            },
            {
                "k": "inf",
                "q": "Why did Ben move the plant into the garden?",
                "a": "It had grown too big for the cup.",
                "d": ["It was dying.", "His sister wanted the cup.", "It needed less sun."],
                "why": "The plant was taller than the cup.",
            },
            {
                "k": "lit",
                "q": "What happened first?",
                "a": "Ben planted a bean seed in a cup.",
                "d": [
                    "A green shoot came out of the soil.",
                    "Ben measured the shoot.",
                    "Ben moved the plant to the garden.",
                ],
            },
            {
                "k": "voc",
                "q": 'In the story, what does "poked out" mean?',
                "a": "came out a little way",
                "d": ["fell down", "was pulled out", "turned brown"],
            },
        ],
    ),
    (
        "p04",
        2,
        "The Lost Mitten",
        "Ana lost a blue mitten at the park. She looked under the slide and behind the swings, "
        "but it was not there. The next morning, she saw a blue mitten hanging on the park "
        "fence. Someone had found it and hung it up where she could see it. Ana smiled. "
        '"Somebody kind found it," she said.',
        [
            {
                "k": "lit",
                "q": "What colour was the mitten?",
                "a": "blue",
                "d": ["red", "green", "white"],
            },
            {
                "k": "lit",
                "q": "Where did Ana find the mitten?",
                "a": "hanging on the park fence",
                "d": ["under the slide", "behind the swings", "in her coat pocket"],
            },
            {
                "k": "inf",
                "q": "How did Ana feel when she saw the mitten?",
                "a": "happy",
                "d": ["angry", "scared", "bored"],
                "why": "Ana smiled.",
            },
            {
                "k": "lit",
                "q": "Where did Ana lose her mitten?",
                "short": ["at the park", "the park", "park", "in the park"],
            },
        ],
    ),
    (
        "p05",
        3,
        "Honeybees",
        "Honeybees live together in a hive. Each hive has one queen bee, who lays all the eggs. "
        "Worker bees fly from flower to flower to collect nectar, a sweet liquid. Back at the "
        "hive, they turn the nectar into honey, which the bees eat during the winter when there "
        "are no flowers. Bees also carry pollen from one flower to another. This helps plants "
        "make seeds and fruit, so many of the foods people eat depend on bees.",
        [
            {
                "k": "lit",
                "q": "Who lays the eggs in a hive?",
                "a": "the queen bee",
                "d": ["the worker bees", "all the bees", "the beekeeper"],
            },
            {
                "k": "voc",
                "q": "What is nectar?",
                "a": "a sweet liquid from flowers",
                "d": ["a kind of wax", "a bee's egg", "a type of seed"],
            },
            {
                "k": "inf",
                "q": "What would probably happen to many fruit crops if there were no bees?",
                "a": "Fewer fruits would grow.",
                "d": [
                    "More fruits would grow.",
                    "The fruits would be sweeter.",
                    "Nothing would change.",
                ],
                "why": "Bees carry pollen, which helps plants make fruit.",
                "enemy": "pc",
            },
            {
                "k": "main",
                "q": "What is the passage mostly about?",
                "a": "how honeybees live and why they are important",
                "d": ["how to keep a pet bee", "why bees sting", "how people make jam"],
            },
            {
                "k": "pc",
                "q": "Explain why many foods people eat depend on bees. Use details from "
                "the passage.",
                "rubric": [
                    "No relevant answer.",
                    "Mentions pollen or helping plants, but does not connect it to food.",
                    "Explains that bees carry pollen between flowers, which helps plants make "
                    "seeds and fruit that people eat.",
                ],
            },
        ],
    ),
    (
        "p06",
        3,
        "Nadia's First Race",
        "Nadia had never run in a race before. On the morning of the school race, her stomach "
        "felt full of butterflies. When the whistle blew, she started slowly, but she remembered "
        'her coach\'s advice: "Keep a steady pace and save energy for the end." On the last '
        "lap, Nadia passed three runners. She did not win, but she finished fourth and beat her "
        'best time by ten seconds. "Next year," she told her coach, "I\'m going for a medal."',
        [
            {
                "k": "lit",
                "q": "What advice did the coach give Nadia?",
                "a": "Keep a steady pace and save energy for the end.",
                "d": [
                    "Start as fast as you can.",
                    "Walk on the last lap.",
                    "Watch the other runners.",
                ],
            },
            {"k": "lit", "q": "In what place did Nadia finish? Write the number.", "value": 4},
            {
                "k": "inf",
                "q": 'What does "her stomach felt full of butterflies" tell you about Nadia?',
                "a": "She was nervous.",
                "d": ["She was hungry.", "She had eaten too much.", "She was bored."],
                "why": "'Butterflies in your stomach' is a way of saying you feel nervous.",
            },
            {
                "k": "inf",
                "q": "How does Nadia feel at the end of the story?",
                "a": "proud and keen to do even better",
                "d": ["upset and ready to give up", "bored with running", "angry with her coach"],
                "why": "She beat her best time and plans to go for a medal.",
            },
            {
                "k": "main",
                "q": "What lesson does the story teach?",
                "a": "Following good advice and trying your best can help you improve.",
                "d": [
                    "Winning is the only thing that matters.",
                    "You should never feel nervous.",
                    "Running is always easy.",
                ],
            },
            {
                "k": "pc",
                "q": "Did Nadia's race go well? Give your opinion and two details from the "
                "story that support it.",
                "rubric": [
                    "No opinion, or no details from the story.",
                    "An opinion with one supporting detail.",
                    "An opinion with two supporting details (for example: she passed three "
                    "runners; she beat her best time by ten seconds; she finished fourth).",
                ],
            },
        ],
    ),
    (
        "p07",
        4,
        "The Moon",
        "The Moon is Earth's closest neighbour in space, about 384,000 kilometres away. It does "
        "not make its own light; it shines because it reflects light from the Sun. As the Moon "
        "travels around Earth, which takes about 27 days, we see different amounts of its "
        "sunlit side. These changing shapes are called phases. The Moon has no air and no "
        "liquid water, so nothing can live there. In 1969, astronauts from the Apollo 11 "
        "mission became the first people to walk on its dusty surface.",
        [
            {
                "k": "lit",
                "q": "Why does the Moon shine?",
                "a": "It reflects light from the Sun.",
                "d": ["It makes its own light.", "It is on fire.", "Stars shine on it."],
            },
            {"k": "lit", "q": "In which year did people first walk on the Moon?", "value": 1969},
            {
                "k": "voc",
                "q": 'In the passage, what are "phases"?',
                "a": "the changing shapes of the Moon that we see",
                "d": ["trips to the Moon", "holes on the Moon's surface", "kinds of rockets"],
                "enemy": "pc",
            },
            {
                "k": "inf",
                "q": "Based on the passage, why must astronauts on the Moon carry air with them?",
                "a": "The Moon has no air to breathe.",
                "d": [
                    "The Moon is too close to the Sun.",
                    "The trip takes 27 days.",
                    "There are too many plants.",
                ],
                "why": "The passage says the Moon has no air.",
            },
            {
                "k": "main",
                "q": "What is the main idea of the passage?",
                "a": "The Moon is Earth's nearby neighbour; it reflects sunlight and cannot "
                "support life.",
                "d": [
                    "Astronauts are very brave.",
                    "The Sun is bigger than the Moon.",
                    "Rockets need a lot of fuel.",
                ],
            },
            {
                "k": "pc",
                "q": "Explain why the Moon seems to change shape during a month. Use "
                "details from the passage.",
                "rubric": [
                    "No relevant explanation.",
                    "Mentions phases or the Moon moving, but not why the shape changes.",
                    "Explains that as the Moon travels around Earth we see different amounts of "
                    "its side lit by the Sun.",
                ],
            },
        ],
    ),
    (
        "p08",
        4,
        "The Library Card",
        "Marco thought libraries were boring, until the day it rained during his football "
        "practice. With nowhere else to go, he followed his sister into the town library. While "
        "she returned her books, Marco wandered into a corner full of comics and books about "
        "football legends. He sat on a beanbag and read for an hour without noticing the time. "
        'When his sister came to find him, Marco was holding three books. "How do I get a '
        'library card?" he asked.',
        [
            {
                "k": "lit",
                "q": "Why did Marco go into the library?",
                "a": "It rained during his football practice.",
                "d": [
                    "He needed a book for homework.",
                    "His teacher sent him.",
                    "He wanted to meet a friend.",
                ],
            },
            {
                "k": "inf",
                "q": "How did Marco's feelings about libraries change?",
                "a": "He went from finding them boring to wanting to use one.",
                "d": [
                    "He always loved libraries.",
                    "He started to dislike libraries.",
                    "He did not change his mind at all.",
                ],
                "why": "At first he thought libraries were boring; at the end he asks for a card.",
                "enemy": "pc",
            },
            {
                "k": "inf",
                "q": "Why did Marco ask how to get a library card?",
                "a": "He wanted to borrow the books he had found.",
                "d": [
                    "He wanted to work in the library.",
                    "His sister told him to ask.",
                    "He had lost his old card.",
                ],
                "why": "He is holding three books when he asks.",
            },
            {
                "k": "voc",
                "q": 'In the story, what does "wandered" mean?',
                "a": "walked slowly without a plan",
                "d": ["ran quickly", "crawled", "jumped"],
            },
            {
                "k": "main",
                "q": "Which is the best summary of the story?",
                "a": "A rainy day leads Marco to discover that he enjoys the library.",
                "d": [
                    "Marco plays football in the rain.",
                    "Marco's sister loses her books.",
                    "Marco reads a comic about dragons.",
                ],
            },
            {
                "k": "pc",
                "q": "What made Marco change his mind about libraries? Use two details "
                "from the story.",
                "rubric": [
                    "No relevant answer.",
                    "One relevant detail (for example: he found books about football).",
                    "Two relevant details (for example: rain sent him inside; he found comics "
                    "and football books; he read for an hour without noticing).",
                ],
            },
        ],
    ),
    (
        "p09",
        5,
        "Plastic in the Ocean",
        "Every year, millions of tonnes of plastic end up in the ocean. Some of it is dropped as "
        "litter on beaches, and some is washed into rivers that flow to the sea. Plastic does "
        "not rot away like food or paper. Instead, sunlight and waves slowly break it into tiny "
        "pieces called microplastics. Sea turtles sometimes mistake floating bags for "
        "jellyfish, one of their favourite foods, and seabirds feed bottle caps to their chicks. "
        "Many communities now hold beach clean-ups, and some countries have banned single-use "
        "plastic bags. Scientists say that using less plastic in the first place is the most "
        "effective solution.",
        [
            {
                "k": "lit",
                "q": "According to the passage, what are microplastics?",
                "a": "tiny pieces of broken-down plastic",
                "d": ["a kind of jellyfish", "plastic bags that float", "a new type of paper"],
            },
            {
                "k": "inf",
                "q": "Why might a sea turtle eat a plastic bag?",
                "a": "A floating bag can look like a jellyfish.",
                "d": [
                    "Turtles like the taste of plastic.",
                    "Turtles use bags to build nests.",
                    "Plastic is the only food in the sea.",
                ],
                "why": "The passage says turtles mistake floating bags for jellyfish.",
            },
            {
                "k": "voc",
                "q": 'What are "single-use" plastic bags?',
                "a": "bags that are used once and then thrown away",
                "d": [
                    "bags that only one person may use",
                    "bags that hold one item",
                    "very strong bags",
                ],
            },
            {
                "k": "main",
                "q": "What is the main idea of the passage?",
                "a": "Plastic pollution harms ocean life, and people are working to reduce it.",
                "d": [
                    "Sea turtles eat jellyfish.",
                    "Beach clean-ups are fun.",
                    "Paper rots faster than food.",
                ],
            },
            {
                "k": "main",
                "q": "Why did the author most likely write this passage?",
                "a": "to inform readers about plastic in the ocean and what can be done",
                "d": [
                    "to entertain readers with a funny story",
                    "to sell plastic bags",
                    "to explain how to catch jellyfish",
                ],
            },
            {
                "k": "pc",
                "q": "Scientists say that using less plastic is the most effective "
                "solution. Give one reason from the passage that supports this and explain it in "
                "your own words.",
                "rubric": [
                    "No reason, or a reason not based on the passage.",
                    "Gives a reason from the passage (for example: plastic does not rot) "
                    "without explaining it.",
                    "Gives a reason and explains it (for example: plastic does not rot away, "
                    "so once it is in the sea it stays there; using less stops it getting "
                    "there).",
                ],
            },
        ],
    ),
    (
        "p10",
        5,
        "The Clockmaker's Apprentice",
        "Elena had worked in Mr Haas's clock shop for a whole year, but he still would not let "
        "her repair a clock on her own. She swept the floors, sorted tiny screws, and watched "
        "him work for hours. One winter morning, Mr Haas came down with a fever and stayed home. "
        "That afternoon, the mayor rushed in: the town hall clock had stopped, and the New Year "
        "celebration was that evening. Elena took a deep breath, picked up the toolbox, and "
        "climbed the long staircase of the tower. By sunset, the great clock was ticking again. "
        "When Mr Haas heard the news, he smiled and handed her a key to the shop.",
        [
            {
                "k": "lit",
                "q": "Why was Mr Haas not at the shop?",
                "a": "He was ill with a fever.",
                "d": ["He was on holiday.", "He was fixing the tower clock.", "He had retired."],
            },
            {
                "k": "inf",
                "q": "Why did Mr Haas give Elena a key to the shop?",
                "a": "He now trusted her to work on her own.",
                "d": [
                    "He was leaving the town.",
                    "He had lost his own key.",
                    "He wanted her to sweep the floors at night.",
                ],
                "why": "She repaired the town clock alone, proving her skill.",
            },
            {
                "k": "inf",
                "q": 'What does "Elena took a deep breath" suggest?',
                "a": "She was nervous but decided to be brave.",
                "d": [
                    "She was out of breath from running.",
                    "She was bored.",
                    "She was angry with the mayor.",
                ],
                "why": "It was her first repair on her own, and an important one.",
            },
            {
                "k": "voc",
                "q": 'What is an "apprentice"?',
                "a": "a person learning a skill from an expert",
                "d": ["the owner of a shop", "a kind of clock", "a town leader"],
            },
            {
                "k": "main",
                "q": "Which sentence best states the theme of the story?",
                "a": "Patient learning prepares you to meet a challenge.",
                "d": [
                    "Clocks are hard to fix.",
                    "Mayors are always in a hurry.",
                    "It is better to work alone.",
                ],
                "enemy": "pc",
            },
            {
                "k": "pc",
                "q": "How did the year of sweeping, sorting and watching help Elena? "
                "Support your answer with details from the story.",
                "rubric": [
                    "No relevant answer.",
                    "Says she learned by watching, with little support from the story.",
                    "Explains that watching Mr Haas for a year taught her how to repair "
                    "clocks, shown by her fixing the town hall clock by sunset.",
                ],
            },
        ],
    ),
    (
        "p11",
        6,
        "The Great Wall of China",
        "The Great Wall of China is not a single wall but a series of walls and fortifications "
        "built over about two thousand years. Early walls of rammed earth were built as long "
        "ago as the 7th century BCE, but most of the sections tourists visit today were built "
        "during the Ming dynasty (1368-1644) from brick and stone. The wall was designed to "
        "defend against raids from the north; watchtowers allowed soldiers to send signals with "
        "smoke by day and fire by night. A popular myth claims that the wall is visible from "
        "the Moon with the naked eye, but astronauts have reported that it is far too narrow to "
        "be seen from that distance.",
        [
            {
                "k": "lit",
                "q": "What were the Ming dynasty sections of the wall built from?",
                "a": "brick and stone",
                "d": ["rammed earth only", "wood", "steel"],
            },
            {
                "k": "lit",
                "q": "According to the passage, how did soldiers send signals?",
                "a": "with smoke by day and fire by night",
                "d": ["by shouting from tower to tower", "by writing letters", "by ringing bells"],
                "enemy": "pc",
            },
            {
                "k": "inf",
                "q": "Why does the author call the idea that the wall can be seen from "
                'the Moon a "myth"?',
                "a": "Astronauts have said that it is not true.",
                "d": [
                    "It is an old story about dragons.",
                    "The Moon is too bright.",
                    "Nobody has ever been to the Moon.",
                ],
                "why": "Astronauts reported the wall is too narrow to see from the Moon.",
            },
            {
                "k": "voc",
                "q": 'What are "fortifications"?',
                "a": "walls or buildings made to defend a place",
                "d": ["decorations", "roads", "farms"],
            },
            {
                "k": "main",
                "q": "Which sentence best states the main idea?",
                "a": "The Great Wall is a series of defensive walls built over many centuries, and "
                "some popular beliefs about it are false.",
                "d": [
                    "The Great Wall can be seen from the Moon.",
                    "The Ming dynasty lasted for many years.",
                    "Soldiers liked the watchtowers.",
                ],
            },
            {
                "k": "pc",
                "q": "Explain how the Great Wall helped to defend against raids. Use two "
                "details from the passage.",
                "rubric": [
                    "No relevant answer.",
                    "One relevant detail (for example: it was a barrier against raids from "
                    "the north).",
                    "Two relevant details (for example: walls blocked raiders from the north; "
                    "watchtowers let soldiers signal with smoke and fire).",
                ],
            },
        ],
    ),
    (
        "p12",
        6,
        "The Letter",
        "Jonah had rewritten the first line of the letter eleven times. The crumpled pages "
        "around his desk looked like a pile of snow. Six months earlier, he had said something "
        "unkind to his best friend, Theo, just before Theo's family moved across the country, "
        "and they had not spoken since. Every week Jonah meant to write, and every week he "
        "found a reason not to. Tonight, though, he had seen a photo of the two of them at the "
        "lake, grinning with sunburnt noses. He smoothed a fresh page, wrote \"Dear Theo, I'm "
        'sorry," and, for the first time in months, the words kept coming.',
        [
            {
                "k": "inf",
                "q": "Why had Jonah rewritten the first line so many times?",
                "a": "He found it hard to know how to say sorry.",
                "d": [
                    "He had messy handwriting.",
                    "He wanted to practise spelling.",
                    "His pen kept breaking.",
                ],
                "why": "He had been putting off an apology for six months.",
            },
            {
                "k": "voc",
                "q": '"The crumpled pages around his desk looked like a pile of snow." '
                "What kind of figurative language is this?",
                "a": "a simile",
                "d": ["a metaphor", "personification", "onomatopoeia"],
                "skills": [FIG],
            },
            {
                "k": "inf",
                "q": "What finally made Jonah write the letter?",
                "a": "seeing a photo of himself and Theo at the lake",
                "d": ["a letter from Theo", "his mother telling him to", "a homework task"],
                "why": "'Tonight, though, he had seen a photo...' marks the change.",
            },
            {
                "k": "lit",
                "q": "Why had Jonah and Theo not spoken for six months?",
                "a": "Jonah said something unkind just before Theo moved away.",
                "d": [
                    "Theo was angry about a lost game.",
                    "They had never liked each other.",
                    "Theo's family had no telephone.",
                ],
            },
            {
                "k": "main",
                "q": "Which sentence best describes the theme of the passage?",
                "a": "It is never too late to apologise and mend a friendship.",
                "d": [
                    "Moving house is exciting.",
                    "Writing letters is old-fashioned.",
                    "Friends should always live close together.",
                ],
                "enemy": "pc",
            },
            {
                "k": "pc",
                "q": "How do Jonah's feelings change from the beginning to the end of the "
                "passage? Use evidence from the text.",
                "rubric": [
                    "No relevant answer.",
                    "Describes his feelings at the beginning or the end, with some evidence.",
                    "Describes the change (stuck and guilty, then ready and relieved) with "
                    "evidence from both parts (for example: eleven rewrites; the words kept "
                    "coming).",
                ],
            },
        ],
    ),
]

KIND_SETTINGS = {  # skill, complexity, why, minutes
    "lit": (LIT, -0.4, "answer stated in the passage", 2.0),
    "voc": (CTX, 0.0, "word meaning from the passage", 2.0),
    "inf": (INF, 0.3, "inference from clues in the passage", 2.5),
    "main": (MAIN, 0.4, "main idea, theme or purpose of the whole passage", 2.5),
    "pc": (MAIN, 0.3, "written response with evidence from the passage", 5.0),
}


def build() -> BankBuilder:
    bb = BankBuilder(
        {
            "id": "reading_vocabulary",
            "title": "Reading and vocabulary (English)",
            "description": (
                "English reading and vocabulary for grades 1-6: phonics (rhymes, sounds, "
                "letter changes), sight words and simple grammar, syllables and compound "
                "words, word meanings, synonyms and antonyms, prefixes and suffixes, context "
                "clues, figurative language, and twelve short passages (fiction and "
                "non-fiction) with literal, inferential, vocabulary and main-idea questions "
                "plus written responses scored 0-2 with a rubric."
            ),
            "subject": "reading",
            "language": "en",
            "grade_range": [1, 6],
            "scale": {"D": 1.0, "note": "Same logit scale as the mathematics banks."},
        },
        SEED,
    )
    rng = bb.rng
    S = bb.skill
    S(
        PHON,
        "Phonics",
        1,
        "Rhyming words, beginning and middle sounds, changing letters to make new words.",
    )
    S(
        SIGHT,
        "Sight words and simple grammar",
        1,
        "Spelling common irregular words; subject-verb agreement and past tense.",
    )
    S(
        SYL,
        "Syllables and compound words",
        2,
        "Counting syllables; building and splitting compound words.",
        [PHON],
    )
    S(LIT, "Literal comprehension", 1, "Find information stated in a short text.", [SIGHT])
    S(MEAN, "Word meaning", 2, "Meanings of common and less common words.", [SIGHT])
    S(SYN, "Synonyms and antonyms", 2, "Words with the same and opposite meanings.", [MEAN])
    S(
        INF,
        "Inferential comprehension",
        2,
        "Use clues in a text to work out what is not stated directly.",
        [LIT],
    )
    S(
        AFFIX,
        "Prefixes and suffixes",
        3,
        "Meaning of common prefixes and suffixes; root words.",
        [MEAN, SYL],
    )
    S(
        CTX,
        "Context clues",
        3,
        "Work out the meaning of an unknown word from the sentence around it.",
        [SYN, LIT],
    )
    S(
        MAIN,
        "Main idea, theme and author's purpose",
        3,
        "Summarise a text, state its main idea or theme, explain with evidence.",
        [INF],
    )
    S(
        FIG,
        "Figurative language",
        4,
        "Idioms, similes, metaphors, personification, hyperbole and words with several meanings.",
        [CTX],
    )

    def add(prefix: str, **kw: object) -> str:
        return bb.add(item_id=bb.next_id(prefix), **kw)  # type: ignore[arg-type]

    def choice(
        prefix: str,
        skills: Sequence[str],
        grade: int,
        prompt: str,
        key: str,
        distractors: list[tuple[str, str]],
        cx: float,
        why: str,
        expl: str,
        minutes: float = 0.75,
        tags: Sequence[str] = (),
    ) -> str:
        return add(
            prefix,
            skills=list(skills),
            grade=grade,
            kind="multiple_choice",
            prompt=prompt,
            complexity=cx,
            why=why,
            explanation=expl,
            minutes=minutes,
            tags=tags,
            key=key,
            distractors=distractors,
        )

    def short(
        prefix: str,
        skills: Sequence[str],
        grade: int,
        prompt: str,
        accepted: list[str],
        cx: float,
        why: str,
        expl: str,
        minutes: float = 1.0,
        tags: Sequence[str] = (),
    ) -> str:
        return add(
            prefix,
            skills=list(skills),
            grade=grade,
            kind="short_answer",
            prompt=prompt,
            complexity=cx,
            why=why,
            explanation=expl,
            minutes=minutes,
            tags=tags,
            accepted=accepted,
        )

    # ------------------------------------------------------------------ phonics (G1)
    for target, rime, key, wrong in RIME_ITEMS:
        choice(
            "rd.phon",
            [PHON],
            1,
            f'Which word rhymes with "{target}"?',
            key,
            [(w, f'"{w}" does not end with the same sound as "{target}".') for w in wrong],
            0.2 if len(rime) > 2 else -0.4,
            "long word family" if len(rime) > 2 else "short-vowel word family",
            f'"{key}" and "{target}" both end in "-{rime}".',
            0.5,
            ("rhyme", f"rhyme:{rime}"),
        )
    for target, key, wrong in INITIAL_ITEMS:
        choice(
            "rd.phon",
            [PHON],
            1,
            f'Which word begins with the same sound as "{target}"?',
            key,
            [(w, f'"{w}" begins with a different sound.') for w in wrong],
            -0.6,
            "initial consonant",
            f'"{target}" and "{key}" both begin with the /{target[0]}/ sound.',
            0.5,
            ("initial-sound", f"initial:{target[0]}"),
        )
    for target, key, wrong in MEDIAL_ITEMS:
        choice(
            "rd.phon",
            [PHON],
            1,
            f'Which word has the same middle sound as "{target}"?',
            key,
            [(w, "Listen to the vowel in the middle.") for w in wrong],
            0.4,
            "short vowel in the middle",
            f'"{target}" and "{key}" both have the short "{target[1]}" sound.',
            0.5,
            ("medial-vowel", f"medial:{target[1]}"),
        )
    for word, pos, letter in SWAP_ITEMS:
        new = letter + word[1:] if pos == "first" else word[:-1] + letter
        short(
            "rd.phon",
            [PHON],
            1,
            f'Change the {pos} letter of "{word}" to "{letter}". What word do you make?',
            [new],
            0.0 if pos == "first" else 0.3,
            f"changing the {pos} sound",
            f'"{word}" with "{letter}" as the {pos} letter is "{new}".',
            0.75,
            ("letter-swap", f"swap:{word}:{pos}:{letter}"),
        )

    # ------------------------------------------------------ sight words and grammar (G1-2)
    for grade, word, wrong in SPELLING:
        choice(
            "rd.sight",
            [SIGHT],
            grade,
            "Which word is spelled correctly?",
            word,
            [(w, f'The correct spelling is "{word}".') for w in wrong],
            0.0 if grade == 1 else 0.2,
            "irregular sight word",
            f'"{word}" is a sight word to learn by heart.',
            0.5,
            ("spelling",),
        )
    for sentence, key, wrong, reason in AGREEMENT:
        choice(
            "rd.sight",
            [SIGHT],
            1,
            f'Which word completes the sentence? "{sentence}"',
            key,
            [(w, reason) for w in wrong],
            0.2 if "yesterday" in sentence else -0.2,
            "past tense" if "yesterday" in sentence else "subject-verb agreement",
            f'"{sentence.replace("___", key)}" {reason}',
            0.5,
            ("grammar",),
        )

    # ------------------------------------------------------- syllables and compounds (G1-3)
    for grade, split in SYLLABLES:
        word = split.replace("-", "")
        n = split.count("-") + 1
        add(
            "rd.syl",
            skills=[SYL],
            grade=grade,
            kind="numeric",
            prompt=f'How many syllables (beats) are in the word "{word}"?',
            complexity=min(1.0, -0.6 + 0.3 * n),
            why=f"{n} syllable(s)",
            explanation=f"{split}: {n} syllable{'s' if n > 1 else ''}.",
            minutes=0.5,
            tags=("syllables", f"syllables:{split}"),
            value=n,
            expr=str(n),
        )
    for key, wrong in COMPOUNDS_MC:
        choice(
            "rd.syl",
            [SYL],
            2,
            "Which word is a compound word (two words joined together)?",
            key,
            [(w, f'"{w}" cannot be split into two words.') for w in wrong],
            0.0,
            "recognising compound words",
            f'"{key}" is made of two words.',
            0.5,
            ("compound",),
        )
    for word, first, second in COMPOUND_PARTS:
        short(
            "rd.syl",
            [SYL],
            2,
            f'Which two words make the compound word "{word}"? Write '
            "them with a space between them.",
            [f"{first} {second}", f"{first} and {second}", f"{first}, {second}"],
            0.1,
            "splitting compound words",
            f"{word} = {first} + {second}.",
            0.75,
            ("compound", f"compound:{word}"),
        )

    # ------------------------------------------------------------- word meaning (G2-4)
    meaning_ids: dict[str, str] = {}
    for grade, word, key, wrong in MEANINGS:
        meaning_ids[word] = choice(
            "rd.mean",
            [MEAN],
            grade,
            f'What does the word "{word}" mean?',
            key,
            [(w, f'"{word}" means {key}.') for w in wrong],
            0.0,
            "grade-level vocabulary word",
            f'"{word}" means {key}.',
            0.5,
            ("definition",),
        )

    # -------------------------------------------------------- synonyms/antonyms (G2-5)
    for grade, word, syn, ant, others in SYN_ANT:
        syn_id = choice(
            "rd.syn",
            [SYN],
            grade,
            f'Which word means the SAME as "{word}"?',
            syn,
            [(ant, f'"{ant}" means the opposite of "{word}".')]
            + [(o, f'"{o}" has a different meaning.') for o in others],
            -0.1,
            "synonym with the antonym as a distractor",
            f'"{syn}" means the same as "{word}".',
            0.5,
            ("synonym", f"synonym:{word}"),
        )
        ant_id = choice(
            "rd.syn",
            [SYN],
            grade,
            f'Which word means the OPPOSITE of "{word}"?',
            ant,
            [(syn, f'"{syn}" means the same as "{word}"; look for the opposite.')]
            + [(o, f'"{o}" is not an opposite of "{word}".') for o in others],
            0.1,
            "antonym with the synonym as a distractor",
            f'"{ant}" is the opposite of "{word}".',
            0.5,
            ("antonym", f"antonym:{word}"),
        )
        bb.enemies(syn_id, ant_id)

    # ------------------------------------------------------ prefixes and suffixes (G3-4)
    for grade, word, prefix, meaning in PREFIX_ITEMS:
        pool = [m for m in PREFIX_MEANINGS if m != meaning]
        wrong = rng.sample(pool, 3)
        choice(
            "rd.affix",
            [AFFIX],
            grade,
            f'In the word "{word}", what does the prefix "{prefix}-" mean?',
            meaning,
            [(w, f'"{prefix}-" means "{meaning}".') for w in wrong],
            0.0,
            "prefix meaning",
            f'"{prefix}-" means "{meaning}": {word}.',
            0.5,
            ("prefix",),
        )
    for grade, word, key, wrong in SUFFIX_ITEMS:
        choice(
            "rd.affix",
            [AFFIX],
            grade,
            f'What does "{word}" mean?',
            key,
            [(w, "Look at the suffix at the end of the word.") for w in wrong],
            0.1,
            "suffix meaning",
            f'"{word}" means "{key}".',
            0.5,
            ("suffix",),
        )
    for grade, word, root in ROOTS:
        short(
            "rd.affix",
            [AFFIX],
            grade,
            f'What is the root (base) word in "{word}"?',
            [root],
            0.2 if len(word) - len(root) > 4 else 0.0,
            "removing prefixes and suffixes",
            f'Take away the prefix and/or suffix: "{word}" has the root "{root}".',
            0.75,
            ("root-word", f"root:{root}"),
        )
    for grade, base, meaning, prefix, suffix in AFFIXED:
        word = prefix + base + suffix
        which = "prefix" if prefix else "suffix"
        short(
            "rd.affix",
            [AFFIX],
            grade,
            f'Add a {which} to "{base}" to make a word that means "{meaning}".',
            [word],
            0.3,
            f"building a word with a {which}",
            f"{prefix + '- + ' if prefix else ''}{base}{' + -' + suffix if suffix else ''} = "
            f"{word}.",
            0.75,
            (which, f"affixed:{prefix}+{base}+{suffix}"),
        )

    # ------------------------------------------------------------ context clues (G3-6)
    for grade, sentence, word, key, wrong in CONTEXT:
        choice(
            "rd.ctx",
            [CTX],
            grade,
            f'Read the sentence: "{sentence}" What does "{word}" mean?',
            key,
            [(w, "Look for clues in the rest of the sentence.") for w in wrong],
            0.0 if grade < 5 else 0.2,
            "meaning from sentence clues",
            f'The clues in the sentence show that "{word}" means "{key}".',
            0.75,
            ("context-clue",),
        )

    # --------------------------------------------------------- figurative language (G4-6)
    for grade, prompt, key, wrong, expl in FIGURATIVE:
        choice(
            "rd.fig",
            [FIG],
            grade,
            prompt,
            key,
            [(w, expl) for w in wrong],
            0.1,
            "figurative or multiple-meaning language",
            expl,
            0.75,
            ("figurative",),
        )

    # ------------------------------------------------------------------- passages (G1-6)
    for pid, grade, title, text, questions in PASSAGES:
        ids: dict[str, str] = {}
        pending_enemies: list[str] = []
        for q in questions:
            kind = str(q["k"])
            skill, cx, why, minutes = KIND_SETTINGS[kind]
            skills = list(q.get("skills", [skill]))  # type: ignore[call-overload]
            if kind == "voc" and skills == [CTX]:
                skills = [CTX, LIT]
            prompt = f"Read the passage, then answer the question.\n\n{title}\n\n{text}\n\n{q['q']}"
            tags = ["passage", f"passage:{pid}", f"question:{kind}"]
            explanation = str(q.get("why") or q.get("a") or "")
            if kind == "pc":
                rubric = list(q["rubric"])  # type: ignore[call-overload]
                item_id = add(
                    "rd.pass",
                    skills=skills,
                    grade=grade,
                    kind="partial_credit",
                    prompt=prompt,
                    complexity=cx,
                    why=why,
                    explanation="A full-credit answer: "
                    + rubric[-1].split(" (for example")[0].lower().rstrip(".")
                    + ".",
                    minutes=minutes,
                    tags=[*tags, "rubric"],
                    rubric=rubric,
                    model="GRM",
                )
            elif "short" in q:
                accepted = list(q["short"])  # type: ignore[call-overload]
                item_id = short(
                    "rd.pass",
                    skills,
                    grade,
                    prompt,
                    accepted,
                    cx,
                    why,
                    f"The passage says: {accepted[0]}.",
                    minutes,
                    tags,
                )
            elif "value" in q:
                item_id = add(
                    "rd.pass",
                    skills=skills,
                    grade=grade,
                    kind="numeric",
                    prompt=prompt,
                    complexity=cx,
                    why=why,
                    explanation=f"The passage gives the number {q['value']}.",
                    minutes=minutes,
                    tags=tags,
                    value=q["value"],
                    expr=str(q["value"]),
                )
            else:
                key = str(q["a"])
                wrong = [str(w) for w in q["d"]]  # type: ignore[attr-defined]
                fb = (
                    "Look back at the passage for clues."
                    if kind in ("inf", "main")
                    else "Find the answer in the passage."
                )
                item_id = choice(
                    "rd.pass",
                    skills,
                    grade,
                    prompt,
                    key,
                    [(w, fb) for w in wrong],
                    cx,
                    why,
                    explanation if explanation != key else f"The answer is: {key}",
                    minutes,
                    tags,
                )
            ids[kind if kind == "pc" else item_id] = item_id
            if q.get("enemy") == "pc":
                pending_enemies.append(item_id)
        for other in pending_enemies:
            bb.enemies(other, ids["pc"])
    return bb
