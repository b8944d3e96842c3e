"""The catalogue of grooming signs, grouped by stage (O'Connell 2003).

Every recognizer is a list of regular expressions over the normalised text (see
:mod:`guardline.signs.normalization`: lower case, no apostrophes, ``sooo`` -> ``so``,
``s3xy`` -> ``sexy``), each with a strength in (0, 1]: 1.0 for a phrase that is a clear
instance of the sign, lower for a phrase that is often innocent. Overlapping matches of one
sign merge into one signal over their union, with the highest strength. ``<name>`` macros
(:data:`MACROS`) cover chat spelling: ``<you>`` is you/u/ya, ``<your>`` is your/ur/youre,
``<are>`` is are/r. Patterns match whole words; digits are written ``[0-9]`` (ASCII).

Keywords (the prefilter, see :class:`~guardline.signs.RegexRecognizer`): a pattern runs only
when the message contains one of its keywords, by default the recognizer's keywords that
appear as words in the pattern. A pattern whose words are all common ("i", "my", "have")
or that matches numbers gives its own keywords as a third element. Tests check that the
prefilter never changes what is found.

Precision: signs are evidence for a moderator and features for a learned model that weighs
context. A sign may fire on an innocent line ("send a pic of your worksheet"); it must not
fire on a phrase that is not an instance of it at all ("the big picture", "as long as").
The sexualisation vocabulary is indicator-level: single words and short phrases.
"""

from __future__ import annotations

from typing import Any

from guardline.core.model import Stage
from guardline.signs.recognizer import RegexRecognizer

__all__ = ["MACROS", "default_recognizers"]

# --------------------------------------------------------------------------- chat spelling
MACROS: dict[str, str] = {
    "you": r"(?:you|u|yu|ya|yoo|yuo)",
    "your": r"(?:your|ur|yur|yor|youre|yer)",
    # "you're", as typed (including the common "your"/"ur")
    "youre": r"(?:youre|you are|u are|u r|you r|ur|your|ure|yur|ya are|ya r|yu r|yu are)",
    "are": r"(?:are|r)",
    "do": r"(?:do|does|d|did)",
    "for": r"(?:for|4|fer)",
    "im": r"(?:im|i am|i m|iam)",
    # first person: future, ability, willingness
    "ill": (r"(?:ill|i will|i ll|i can|i could|id|i d|i would|im gonna|im going to|i am going to"
            r"|i am gonna|imma|ima|i wanna|i want to|let me|lemme|i shall|i might|i may)"),
    "what": r"(?:what|wat|wut|wht|whut|wot|wats|whats|wuts|whts|watz|whatz)(?: is| s)?",
    "self": r"(?:<your>self|<your> self|yourself|urself|yaself|uself)",
    "family": (r"(?:parents|parent|mom|mum|mommy|mummy|momma|mother|dad|daddy|father|folks"
               r"|family|fam|sister|brother|sis|bro|grandma|grandpa|granny|nan|nana|stepdad"
               r"|stepmom|stepmum|step dad|step mom|step mum|guardian|aunt|auntie|uncle|mama"
               r"|papa|mom and dad|mum and dad|mom n dad|mum n dad|mom or dad|mum or dad)"),
    "pic": (r"(?:pic|pics|pix|picz|pik|piks|pict|picture|pictures|pictur|photo|photos|foto"
            r"|fotos|selfie|selfies|selfy|snap|snaps|image|images|img|imgs)"),
    # ages under 18, as digits or words; a word is never glued to the next word
    "minor_w": r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)",
    "minor": r"(?:1[0-7]|<minor_w>)",
    "young_w": r"(?:five|six|seven|eight|nine|<minor_w>)",
    "young": r"(?:[5-9]|1[0-7]|<young_w>)",
    "grade": (r"(?:(?:[4-9]|1[0-2])(?:th|st|nd|rd)?|fourth|fifth|sixth|seventh|eighth|ninth"
              r"|tenth|eleventh|twelfth)"),
    # what may not follow a number for it to be an age ("im 15 mins away", "im 13th")
    "not_age": (r"(?! ?(?:min|mins|minute|minutes|sec|secs|second|seconds|hour|hours|hrs|hr"
                r"|day|days|week|weeks|wk|wks|month|months|ft|feet|foot|in away|inch|inches|cm"
                r"|kg|kgs|lb|lbs|pound|pounds|stone|mile|miles|mi|km|k|m|mil|million|dollars"
                r"|dollar|bucks|usd|euros|quid|cents|percent|times|more|pages|points|pts|down"
                r"|up|behind|ahead|away|out|left|of|am|pm|oclock|o clock|%|\$|:|\.[0-9]|/10|/5"
                r"|,[0-9]|x|th|st|nd|rd|games|levels|kills|wins|tickets|people|players)\b)"),
    "apps": (r"(?:snap|snapchat|snapchats|snapp|kik|kick|whatsapp|whats app|watsapp|watsap"
             r"|whatsap|discord|telegram|insta|instagram|ig|facebook|fb|messenger|skype"
             r"|wickr|viber|wechat|omegle|twitter|tiktok|tik tok|yahoo|aim|msn|icq|email"
             r"|e mail|gmail|hotmail|hangouts|google chat|google hangouts|zoom|facetime|ym|yim"
             r"|oovoo|tango|myspace|reddit|xbox|xbox live|psn|steam|signal app|line app"
             r"|teams|threads|bereal|imessage|textnow|text now|textfree|session app)"),
    # names that are also common words: only after "add me on" / "message me on"
    "apps_ambiguous": r"(?:line|signal|wa|sc|tele|tg|disc|session|ps4|ps5|switch|mail)",
    # the end of a phrase: end of text, punctuation or emoji, or a filler word
    "end": r"(?=\s*(?:$|[^\w\s]|(?:lol|haha|lmao|too|af|tho|though|ngl|fr|and|babe|hun)\b))",
}

# Keyword lists shared by several patterns.
_FAMILY_KW = (
    "parents parent mom mum mommy mummy momma mother dad daddy father folks family fam sister"
    " brother sis bro grandma grandpa granny nan nana stepdad stepmom stepmum step guardian aunt"
    " auntie uncle mama papa parentss moms mums mommys mummys mommas mothers dads daddys fathers"
    " folkss familys fams sisters brothers siss bros grandmas grandpas grannys nans nanas"
    " stepdads stepmoms stepmums steps guardians aunts aunties uncles mamas papas"
)
_APP_KW = (
    "snap snapchat snapchats snapp kik kick whatsapp whats watsapp watsap whatsap app discord"
    " telegram insta instagram ig facebook fb messenger skype wickr viber wechat omegle twitter"
    " tiktok tik yahoo aim msn icq email mail gmail hotmail hangouts google zoom facetime ym yim"
    " oovoo tango myspace reddit xbox psn steam signal line teams threads bereal imessage"
    " textnow text textfree session wa sc tele tg disc ps4 ps5 switch"
)
_SELF_KW = "yourself urself yurself yorself youreself yerself yaself uself self"
_YOUNG_KW = (
    "5 6 7 8 9 10 11 12 13 14 15 16 17 five six seven eight nine ten eleven twelve thirteen"
    " fourteen fifteen sixteen seventeen"
)
_MINOR_KW = "10 11 12 13 14 15 16 17 ten eleven twelve thirteen fourteen fifteen sixteen seventeen"
_FLATTERY_KW = (
    "pretty cute cutie beautiful beautifull beutiful butiful beautful bootiful gorgeous gorgous"
    " adorable lovely stunning perfect special angelic angel princess handsome qt beauty"
    " precious amazing sweet smart attractive goodlooking looking"
)
_CURRENCY_KW = (
    "robux vbucks v bucks vbux minecoins nitro gift gifts giftcard giftcards card cards itunes"
    " amazon steam play psn xbox skins skin gems diamonds"
)


def _r(id: str, stage: Stage, description: str, patterns: list[Any], keywords: str,
       **kw: Any) -> RegexRecognizer:
    return RegexRecognizer(id, stage, description, patterns, keywords.split(), macros=MACROS,
                           **kw)


def default_recognizers() -> list[RegexRecognizer]:
    """A fresh list of the built-in recognizers, in catalogue order."""
    return [
        # ================================================================== RELATIONSHIP
        # Getting to know the child and making them feel special: compliments, affection,
        # gifts, and wanting to see them.
        _r("flattery", Stage.RELATIONSHIP,
           "Compliments the child's looks or maturity (\"so pretty\", \"mature for your age\").",
           [
               (r"(?:mature|grown up|grown|old|older|smart|wise|advanced|big) <for> <your> age",
                1.0, "age"),
               (r"mature <for> (?:a|an) <young>(?: ?(?:year|yr|y) ?o(?:ld)?)?", 1.0, "mature"),
               (r"wise beyond <your> (?:years|yrs|age)", 1.0),
               (r"not like (?:other|most|all the other|the other) (?:girls|kids|boys|teens"
                r"|people <your> age|girls <your> age|kids <your> age)", 0.9,
                "girls kids boys teens people"),
               (r"<you> (?:seem|seems|act|acts|sound|sounds|look|looks|talk|talks|write|type)"
                r"(?: so| really| very| rly| way| a lot| much| like| alot)* (?:older|mature"
                r"|more mature|grown up|more grown up|like an adult|like a grown up)", 1.0),
               (r"<youre>(?: so| really| very| rly| such| super| kinda| pretty| too| quite"
                r"| extremely)+ (?:mature|grown up)", 0.9),
               (r"(?:youre|you are|u are|u r|ur|ure) (?:mature|grown up)<end>", 0.8),
               (r"<you> (?:play|plays|talk|talks|act|acts|type|write|seem|sound) like (?:someone"
                r"|somebody|a girl|a guy|a boy|an adult|a grown up)(?: (?:way|much|so much|a lot"
                r"|alot))? older", 0.9, "older"),
               # "ur so pretty", "you're beautiful", "ur cute" (at the end: not "ur cute dog")
               (r"<youre>(?: so| really| very| rly| such a| such an| super| kinda| like| too"
                r"| 2| the most| damn| hella| real| rlly| just| literally| actually"
                r"| absolutely)+ (?:pretty|cute|cutie|beautiful|beautifull|beutiful|butiful"
                r"|beautful|bootiful|gorgeous|gorgous|adorable|lovely|stunning|perfect|special"
                r"|angelic|an angel|a princess|handsome|a cutie|a qt|qt|a beauty|precious"
                r"|amazing|sweet|smart|attractive|good looking|goodlooking)", 1.0, _FLATTERY_KW),
               (r"(?:youre|you are|u are|u r|you r|ure|ya are|yu r) (?:a |an )?(?:cute|cutie"
                r"|beautiful|beautifull|beutiful|butiful|gorgeous|gorgous|adorable|lovely"
                r"|stunning|perfect|special|angel|princess|handsome|qt|beauty|precious"
                r"|attractive|good looking|goodlooking|pretty(?! \w))", 0.9, _FLATTERY_KW),
               (r"(?:ur|your|you|u) (?:a )?(?:cute|cutie|beautiful|beautifull|gorgeous|adorable"
                r"|lovely|stunning|pretty|perfect|qt)<end>", 0.8),
               (r"(?:<you>|ya) (?:look|looked|looking|are looking|r looking|look like)(?: so"
                r"| really| very| rly| super| absolutely| an)* (?:cute|beautiful|gorgeous"
                r"|pretty|amazing|stunning|lovely|adorable|angel|model)", 0.9),
               (r"(?:hey|hi|hello|hiya|morning|night|nite|gn|gm|bye|thanks|thx|ty|ok|okay"
                r"|yes|sure|aw|aww|ohh|oh) (?:there )?(?:beautiful|gorgeous|cutie|cutie pie"
                r"|pretty girl|pretty lady|princess|angel|beautiful girl)", 0.8),
               (r"(?:such a|so) (?:pretty|beautiful|cute|gorgeous) (?:girl|face|smile|eyes"
                r"|lady)", 0.7),
               # "ur the prettiest girl ever", "i think your the cutest"
               (r"<youre> (?:the|such a|the most) (?:prettiest|cutest|most beautiful"
                r"|most gorgeous|sweetest|most adorable|hottest)", 1.0,
                "prettiest cutest beautiful gorgeous sweetest adorable hottest"),
               # a pet name at the end of a line: "whats up beautiful??", "night gorgeous"
               (r"(?:up|now|night|nite|morning|doing|there|sup|wyd|ok|okay|yes|lol|thanks|ty"
                r"|thx|hey|hi|hello|goodnight|gn) (?:my )?(?:beautiful|gorgeous|cutie|sexy"
                r"|princess)(?=\s*(?:$|[^\w\s]))", 0.7, "beautiful gorgeous cutie sexy princess"),
               (r"(?:up|upp|sup|wassup|wazzup|wyd) (?:my )?(?:beautiful|gorgeous|cutie|sexy"
                r"|princess)", 0.7, "beautiful gorgeous cutie sexy princess"),
               (r"(?:love|loved|luv|lovin|loving) (?:the|ur|your|<your>|ya) (?:pic|pics|pix"
                r"|picture|pictures|photo|photos|selfie|selfies)(?! of (?:the|a|an|my|his|her|their"
                r"|our)\b)", 0.6,
                "pic pics pix picture pictures photo photos selfie selfies"),
               (r"(?:pretty|cute|beautiful|gorgeous) (?:pic|pics|pix|picture|pictures|photo"
                r"|photos|selfie|selfies)(?! of (?:the|a|an|my|his|her|their|our)\b)", 0.6,
                "pic pics pix picture pictures photo photos selfie selfies"),
           ],
           _FLATTERY_KW + " mature grown old older wise advanced big girls kids boys teens"
           " model beautiful adult prettiest cutest sweetest hottest gorgeous cutie sexy pic pics"
           " pix picture pictures photo photos selfie selfies"),

        _r("affection_terms", Stage.RELATIONSHIP,
           "Talks like a boyfriend or girlfriend: \"I love you\", \"babe\", \"be my gf\".",
           [
               (r"(?:i|i do|i really|i still|i kinda|i think i|i just|i rly) (?:love|luv|lov"
                r"|wuv|lu) (?:<you>|ya)", 1.0, "love luv lov wuv lu"),
               (r"(?:ily|ilu|ilysm|ily2|ilyt|ilu2|i <3 u|i <3 you)", 1.0,
                "ily ilu ilysm ily2 ilyt ilu2 3"),
               (r"(?:love|luv|lov|wuv) (?:<you>|ya)(?: (?:so much|too|2|more|babe|baby|lots"
                r"|always))?", 0.8),
               (r"(?:crush on|in love with|falling for|fell for|marry|married to|dating) <you>",
                1.0),
               (r"(?:will|would|wud|do|wanna) <you> (?:wanna |want to |like to )?(?:go out with me"
                r"|date me|marry me)", 1.0, "out date marry"),
               (r"(?:be|wanna be|want to be|ur|youre|you are) my (?:bf|gf|boyfriend|girlfriend"
                r"|bae|boo|girl|baby|babygirl|baby girl|wife|wifey|lover|valentine|princess)",
                1.0, "bf gf boyfriend girlfriend bae boo girl baby babygirl wife wifey lover"
                " valentine princess"),
               (r"(?:<do> )?<you> (?:have|got|hav|gotta) (?:a )?(?:bf|gf|boyfriend|girlfriend"
                r"|bae|crush|man|girl)(?: (?:yet|rn|right now|atm))?\s*\?", 0.9,
                "bf gf boyfriend girlfriend bae crush man girl"),
               (r"my (?:bf|gf|boyfriend|girlfriend|bae|babygirl|baby girl|lover|wifey"
                r"|princess|sweetheart|darling)", 0.7, "bf gf boyfriend girlfriend bae babygirl"
                " baby lover wifey princess sweetheart darling"),
               (r"(?:bf|gf|boyfriend|girlfriend|bae|babygirl|baby girl|sweetheart|sweetie"
                r"|darling|darlin|babe|bby|babi|hunny|sweety|sweetpea|honeybun)", 0.6),
               (r"<you> (?:baby|honey|hun|dear)(?=\s*(?:$|[^\w\s]))", 0.7, "baby honey hun dear"),
               (r"(?:hey|hi|hello|night|nite|morning|ok|okay|thanks|thx|yes|yeah|no|oh|bye|gn"
                r"|gm|sure|aw|aww|mm|mmm|miss u|miss you) (?:baby|honey|hun|love|my love)"
                r"(?=\s*(?:$|[^\w\s]))", 0.7, "baby honey hun love"),
               # "baby" / "babe" said to the partner at the end of a phrase ("ok then baby?")
               (r"(?!(?:the|a|my|her|his|your|ur|our|their|new|little|lil|having|had|have|its"
                r"|s|cry|big|sugar|this|that|like|hey|hi|hello|night|nite|morning|ok|okay|thanks"
                r"|thx|yes|yeah|no|oh|bye|gn|gm|sure|aw|aww|mm|mmm) )[a-z]+ (?:baby|babe|bby"
                r"|babygirl|baby girl)(?=\s*(?:$|[^\w\s]))", 0.5, "baby babe bby babygirl"),
               (r"(?:my|be my|our|a) (?:special|secret) (?:friend|girl|boy|buddy)", 0.9,
                "special secret"),
               (r"(?:miss|mis|missed|missin|missing) (?:<you>|ya)(?: (?:so much|too|2|already"
                r"|babe|baby|lots|a lot|alot))?", 0.6),
               (r"(?:hugs and kisses|xoxo|kisses|muah|mwah)", 0.5),
               (r"(?:do|did|dont|didnt|do not|did not) (?:<you>|ya) miss me", 0.8, "miss"),
               (r"(?:i |im |i m |i am |ive been |i been |been |always |keep |cant stop |just |and )"
                r"(?:thinking|thinkin|thought)"
                r" (?:about|bout|of|abt) (?:<you>|ya)(?= ?(?:all|every|so|lol|haha|babe|baby"
                r"|too|2|$|[^\w\s])| ?$)", 0.5, "thinking thinkin thought"),
               (r"(?:<you>|ya) miss me\s*\?", 0.8, "miss"),
               # "boo" and "hun" as pet names: "ok boo", "dont worry hun im not"
               (r"(?!(?:a|boppity|bibbity|bippity|the|said|says|say|yelled|yell|shouted|screamed"
                r"|go|goes|went) )[a-z]+ boo(?!-)"
                r"(?=\s*(?:$|[^\w\s]|(?:lol|haha|i|im|ill|u|you|and)\b))", 0.6, "boo"),
               (r"(?<!the )(?<!a )(?<!attila the )(?:hun|hunny|hunn)(?=\s*(?:$|[^\w\s]|(?:lol"
                r"|haha|i|im|ill|u|you|and|its|dont|how|what|is|are|r)\b))", 0.5,
                "hun hunny hunn"),
               # a romance the adult proposes: "i like u more than friends", "wish u were here"
               (r"more than (?:just )?(?:a )?(?:friends?|buddies|mates)", 0.8, "more"),
               (r"(?:i want|i wanna|i want to|wish i could|i would love to|id love to"
                r"|cant wait to) (?:be|being) with (?:<you>|ya)(?! guys| all| both)", 0.7,
                "be being"),
               (r"wish (?:<you>|ya) (?:were|was|where|wer|could be) (?:here with me|with me"
                r"|next to me|in my arms)", 0.7, "wish"),
               (r"wish i (?:was|were|could be) (?:there |here )?(?:with|next to) (?:<you>|ya)"
                r"(?! (?:guys|all|both|today|at the))", 0.6, "wish"),
               (r"(?:wish i could|want to|wanna|cant wait to|would love to|id love to|love to"
                r"|wish i was there to) (?:hold|hug|cuddle|snuggle) (?:<you>|ya)", 0.7,
                "hold hug cuddle snuggle"),
               (r"i (?:really |do |kinda |realy |rly |think i )?(?:like|likes) (?:<you>|ya)"
                r"(?: (?:a lot|alot|so much|more|more than))?(?=\s*(?:$|[^\w\s-]|(?:lol|haha"
                r"|and|but|too|2)\b))", 0.5, "like likes"),
               (r"(?:<do> )?(?:<you>|ya) like me\s*\?", 0.6, "like"),
           ],
           "love luv lov wuv lu crush falling fell marry married dating bf gf boyfriend"
           " girlfriend bae babygirl baby sweetheart sweetie darling darlin babe bby babi hunny"
           " sweety sweetpea honeybun miss mis missed missin missing hugs kisses xoxo muah mwah"
           " boo hun hunny hunn thinking thinkin thought more be being wish hold hug cuddle"
           " snuggle like likes"),

        _r("gift_offer", Stage.RELATIONSHIP,
           "Offers gifts, money or game currency (\"I'll buy you\", \"want some robux\").",
           [
               (r"<ill> (?:buy|gift|pay|transfer|venmo|cashapp|paypal|zelle|spoil)(?: <you>| ya)"
                r" (?:a|an|some|the|ur|<your>|new|that|this|anything|something|whatever|stuff"
                r"|money|cash|robux|vbucks|gems|coins|\$?[0-9]+)", 1.0),
               (r"(?:buy|buying|bought|spoil|spoiling) (?:<you>|ya)", 0.9),
               (r"(?:gift|gifting) (?:<you>|ya) (?:a|an|some|something|this|that|robux|vbucks"
                r"|nitro|money)", 0.9),
               (r"(?:<ill> )?(?:send|sending|give|giving|get|getting|transfer|bring) (?:<you>|ya)"
                r" (?:some )?(?:money"
                r"|cash|[0-9]+ ?(?:dollars|bucks|quid|pounds|usd)|bucks|a gift|gifts"
                r"|a present|presents|a gift ?card|gift ?cards|robux|vbucks|v bucks|vbux"
                r"|minecoins|nitro|skins|a skin|gems|diamonds|coins|credits|points|anything"
                r" <you> want|whatever <you> want|a new phone|a phone|an iphone|more pets|a pet"
                r"|pets|free stuff|a code|codes|something (?:nice|special|pretty|cute))", 1.0,
                "money cash dollars bucks quid pounds usd gift gifts present presents card cards"
                " giftcard giftcards robux vbucks vbux minecoins nitro skins skin gems diamonds"
                " coins credits points anything whatever phone iphone pets pet stuff code codes"
                " nice special pretty cute"),
               (r"(?:pay|paying) <for> <your>", 0.8),
               (r"(?:make|earn|get) (?:some )?(?:easy|quick|fast|free|extra) (?:money|cash|robux"
                r"|vbucks|gems)", 0.9, "easy quick fast free extra"),
               (r"<ill> (?:send|give|buy|get|trade) (?:<you> )?(?:another|more|a new|a|some)"
                r" (?:card|code|gift card|gift|robux|vbucks|skin|skins|pet|pets|item|items)", 0.8,
                "card code gift robux vbucks skin skins pet pets item items"),
               (r"(?:here s|heres|here is) (?:a |an |ur |<your> )?(?:[$£€]?[0-9]+ )?(?:code|gift"
                r" ?card|card|robux|vbucks)", 0.8, "code gift giftcard card robux vbucks"),
               (r"(?:gave|sent|bought|got) (?:<you>|ya) (?:[$£€][0-9]+|[0-9]+ ?(?:dollars|bucks"
                r"|quid|pounds|robux|vbucks))", 0.7, "gave sent bought got"),
               (r"(?:<ill> )?(?:venmo|cashapp|cash app|paypal|zelle) (?:<you>|ya)", 0.9,
                "venmo cashapp cash paypal zelle"),
               (r"(?:<do> )?(?:<you>|ya) (?:want|wanna|need) (?:some |more |free |a |any )?"
                r"(?:money|cash|robux|vbucks|v bucks|vbux|minecoins|nitro|gift ?cards?|skins"
                r"|gems|diamonds|presents?|gifts?)", 0.9,
                "money cash present presents " + _CURRENCY_KW),
               (r"(?:free|some|more|unlimited) (?:robux|vbucks|v bucks|vbux|minecoins"
                r"|discord nitro|nitro|gift ?cards?|itunes cards?|amazon cards?|steam cards?"
                r"|google play cards?|psn cards?|xbox cards?)", 0.9, _CURRENCY_KW),
               (r"(?:gift ?card|gift ?cards|giftcard|giftcards|itunes card|amazon card"
                r"|steam card|google play card|robux|vbucks|v bucks|vbux|minecoins)", 0.6),
           ],
           "buy buying bought get getting send sending give giving gift gifts gifting pay"
           " paying bring order transfer venmo cashapp cash paypal zelle spoil spoiling robux"
           " vbucks v vbux minecoins giftcard giftcards card itunes amazon steam"),

        _r("photo_request", Stage.RELATIONSHIP,
           "Asks for photos of the child or what they look like (\"send a pic\", \"got pix?\").",
           [
               (r"(?:send|snd|show|shoot|share|trade|swap|text|email|gimme|give me|post|dm|pm"
                r"|upload)(?: me| us| over| ova)?(?: a| an| some| more| <your>| another| one"
                r"| any| the| 1| a few| few| a couple| those| that| them)?(?: (?:new|recent|cute"
                r"|nice|good|real|other|full|body|face|close ?up|hot|sexy|current|fresh|quick"
                r"|clear|better|actual|latest|pretty|proper|selfie|mirror|bikini|couple|few"
                r"|more|1|2|3|of|live))? <pic>(?! (?:of the|book|frame|day))", 1.0,
                "pic pics pix picz pik piks pict picture pictures pictur photo photos foto fotos"
                " selfie selfies selfy snap snaps image images img imgs"),
               (r"(?:<do> )?<you> (?:have|got|hav|gotta)(?: any| a| some| more| new)? <pic>\s*\?",
                0.9),
               (r"(?:got|any|more|new)(?: any| more)? <pic>\s*\?", 0.9),
               (r"(?:can|could|may) i (?:see|get|have)(?: a| an| some| more| another| any"
                r"| <your>)? <pic>", 1.0),
               (r"(?:lemme|let me|wanna|want to|i wanna|i want to|id love to|i would love to"
                r"|would love to|i need to|i wish i could) (?:see|get) (?:a |an |some |more"
                r" |another |any |<your> )?<pic>", 1.0),
               # "i want to see the pic before i go to bed", "would really like to see a pic"
               (r"(?:want to|wanna|(?:would|d) (?:really )?(?:like|love) to|cant wait to)"
                r" (?:see|get) (?:the|that|this|those) <pic>(?! (?:of the|book|frame|day))",
                0.8),
               (r"(?:would|d) (?:really )?(?:like|love) to (?:see|get) (?:a |an |some |more"
                r" |another |any |<your> )?<pic>(?! (?:of the|book|frame|day))", 0.9),
               (r"take (?:a |some |another |more )?<pic> (?:<for>|of <self>) (?:me|<you>)?", 0.8),
               (r"<pic> (?:of|4|for) (?:<you>|<self>|<your> (?:face|body|self|outfit))", 0.5),
               (r"<pic> (?:plz|pls|please|plez|plzz|now)", 0.8),
               (r"(?:<what> |how )(?:<do> )?<you> look(?: like)?\s*\?", 0.6),
               (r"<what> (?:<do> )?<you> look like", 0.6),
               (r"(?:see|seeing) (?:what <you> look like|<your> face)", 0.6),
           ],
           "pic pics pix picz pik piks pict picture pictures pictur photo photos foto fotos"
           " selfie selfies selfy snap snaps image images img imgs look face"),

        _r("webcam_request", Stage.RELATIONSHIP,
           "Asks the child to go on camera or video (\"turn on ur cam\", \"webcam\").",
           [
               (r"(?:turn on|turn|put on|get on|go on|hop on|jump on|switch on|open|start"
                r"|come on|be on) (?:<your> |the |ur |a |ya )?(?:web ?cam|cam|camera)(?: on)?",
                1.0),
               (r"(?:turn on|switch on|put on) (?:<your> |ur |the )?(?:video|vid)", 0.9),
               (r"(?:<do> )?<you> (?:have|got|hav|gotta) (?:a |an )?(?:web ?cam|cam|camera)", 0.9),
               (r"(?:wanna|want to|want 2|can we|lets|let s|shall we|will <you>|would <you>"
                r"|could <you>|can <you>|u wanna|you wanna|we could|we should) (?:go on )?"
                r"(?:cam|video chat|video call|vid chat|vc|facetime|ft|skype|webcam|web cam"
                r"|cam to cam|c2c)", 1.0),
               (r"(?:on|go on|get on) (?:web ?cam|cam)", 0.8),
               (r"(?:cam to cam|c2c|camming|web ?cam|webcams|web cams)", 0.8),
           ],
           "cam camera cams camming vid video web webcam webcams vc facetime ft skype c2c"),

        # ================================================================= RISK ASSESSMENT
        # Finding out how old the child is, where they are, and whether anyone is watching.
        _r("age_probing", Stage.RISK_ASSESSMENT,
           "Asks the child's age (\"how old are you\", \"asl\", \"u 14?\").",
           [
               (r"(?:how|hw|hoe) old (?:<are> |r )?(?:<you>|ru)", 1.0),
               (r"how old will <you> be", 1.0),
               # Irish / Scottish second person ("how old r ye"); not in <you>, where "ye"
               # would also read the common "ye" for "yeah"
               (r"(?:how|hw) old (?:<are> |r )?(?:ye|yous|youse|yez)\b", 1.0),
               (r"(?:how|hw) old\s*\?", 0.8),
               (r"(?<!learning )(?<!learn )(?<!in )(?<!know )(?<!speak )(?<!use )(?<!sign )"
                r"(?:asl|a ?/ ?s ?/ ?l|a s l)(?! (?:class|classes|interpreter|interpreting|sign"
                r"|missionar\w*|users?|speakers?|students?|teachers?|community|alphabet"
                r"|letters?))", 1.0, "asl l"),
               (r"<what> (?:<your>|ya) age", 1.0),
               (r"<what> age (?:<are> |r )?(?:<you>|ru)", 1.0),
               (r"<your> age\s*\?", 0.9),
               (r"^age\s*\?", 0.9),
               (r"<are> <you> (?:<young>|1[89]|2[0-5]|eighteen)(?: or [0-9][0-9]?)?(?: yet)?"
                r"<not_age>", 0.8, _YOUNG_KW + " 18 19 20 21 22 23 24 25 eighteen"),
               (r"<you> (?:<young>|1[89]|eighteen)(?: or [0-9][0-9]?)?\s*\?", 0.8,
                _YOUNG_KW + " 18 19 eighteen"),
               (r"<are> <you> (?:even )?(?:over|under|older than|younger than|above|below"
                r"|at least) (?:[0-9][0-9]?|eighteen|thirteen|sixteen)", 0.9,
                "over under older younger above below least"),
               (r"(?:what|wat|which|wut) grade (?:<are> |r )?(?:<you>|ru)", 1.0),
               (r"(?:what|wat|which|wut) year (?:<are> |r )?(?:<you>|ru)", 0.6),
               # restating the child's age back: "so you just turned 15?", "u still 14"
               (r"(?:<you>|ya)(?: are| r| re)? (?:just |still |only |barely |gonna be "
                r"|going to be )(?:turned )?<minor><not_age>", 0.8, _MINOR_KW),
               (r"(?:<you>|ya) (?:just )?turned <minor><not_age>", 0.8, _MINOR_KW),
               (r"(?:when|wen) (?:is|s|<are>)? ?(?:<your>|ya) (?:birthday|bday)", 0.5,
                "birthday bday"),
               (r"<are> <you> in (?:middle|high|elementary|primary|secondary|jr high|junior high"
                r"|grade|jr|junior)(?: school)?", 0.9),
               (r"<are> <you> (?:still )?in (?:hs|ms|school|highschool|middleschool)", 0.7,
                "hs ms school highschool middleschool"),
               (r"<are> <you> (?:a )?(?:minor|underage|teen|teenager|kid)", 0.8,
                "minor underage teen teenager kid"),
           ],
           _MINOR_KW + " birthday bday"
           " old asl l age grade year school hs ms highschool middleschool middle high"
           " elementary primary secondary jr junior"),

        _r("location_probing", Stage.RISK_ASSESSMENT,
           "Asks where the child lives or goes to school (\"where do u live\", \"what school\").",
           [
               (r"(?<!it )(?<!know )(?<!knw )(?<!matter )(?<!care )(?:where|wer|whr|wher|wear"
                r"|whre)(?: abouts| about)? (?:<do> )?(?:<you>|ya) (?:live|liv|livin|living"
                r"|stay|staying|reside|located|go to school|based)", 1.0),
               (r"(?:where|wer|whr|wher|whre)(?: abouts| about)? (?:<are> |r |re |s )?(?:<you>"
                r"|ya|ru) (?:from|located|based)", 0.6),
               (r"(?:what|wat|which|wich|wut|wht|whut) (?:city|state|town|country|area|school"
                r"|street|neighborhood|neighbourhood|hood|county|suburb|province|region|zip"
                r"|part of (?:town|the city|the country|the state))(?: (?:(?:<are>|<do>|is) )?"
                r"(?:<you>|<your>|ya|ru)|\s*\?)", 0.9),
               (r"<what> (?:<your>|ya) (?:city|town|school|address|addy|zip|zipcode|zip code"
                r"|postcode|post code|street|location|loc|area|state|hometown|home town)", 1.0),
               (r"<your> (?:home |house |school |street )?(?:address|addy|zip|zipcode|zip code"
                r"|postcode|post code)", 1.0),
               (r"(?<!learning )(?<!learn )(?<!in )(?<!know )(?<!speak )(?<!use )(?<!sign )"
                r"(?:asl|a ?/ ?s ?/ ?l|a s l)(?! (?:class|classes|interpreter|interpreting|sign"
                r"|missionar\w*|users?|speakers?|students?|teachers?|community|alphabet"
                r"|letters?))", 0.8, "asl l"),
               (r"how far (?:away )?(?:<are> <you>|is <your> (?:house|home|place|school)"
                r"|<do> <you> live|r u|ru)", 0.9),
               (r"<do> <you> live (?:near|close to|close 2|in|by|around)", 0.8),
               # "where u at" (chat shorthand), "wya"
               (r"(?:where|wer|whr|wher|whre) (?:<are> |r )?(?:<you>|ya|ru) at(?! (?:with|on|work"
                r"|school|home|the moment|this moment|the mo|in the (?:book|game|story|show"
                r"|series))\b)", 0.6,
                "where wer whr wher whre"),
               (r"wya", 0.6, "wya"),
               # "what part of ms you live", "where in hartford u stay"
               (r"(?:what|wat|which|wut) (?:street|road|city|town|school|neighborhood"
                r"|neighbourhood) (?:in|of|on|near) (?:[a-z]+ ){1,2}(?:<do> |<are> )?(?:<you>|ya)"
                r" (?:live|liv|stay|go to|attend)", 0.9,
                "street road city town school neighborhood neighbourhood"),
               (r"(?:what|wat|which|wut) part of (?:[a-z]+ ){1,2}(?:<do> |<are> )?(?:<you>|ya)"
                r" (?:live|liv|stay|from|in|at)", 0.7, "part"),
               (r"(?:where|wer|whr|wher) (?:in|abouts in|about in) (?:[a-z]+ ){1,2}(?:<do> )?"
                r"(?:<you>|ya) (?:live|liv|stay|staying|living)", 1.0,
                "live liv stay staying living"),
               (r"(?:i need|i ll need|ill need|need|give me|send me|gimme|i need to get|i want)"
                r" (?:the|an|<your>|ya|ur) (?:address|addy|addres|adress)(?! (?:of|for|to)\b)", 0.8,
                "address addy addres adress"),
               (r"<what> (?:the |ya |thy )?(?:address|addres|adress|addy)(?= ?\?|$)", 0.6,
                "address addy addres adress"),
               (r"(?:where|wer|wat|what|which) school (?:<do> )?<you>", 1.0),
               (r"(?:where|wer|whr|wher) (?:<do> |<are> )?<you> (?:go to|attend|go) school", 1.0),
           ],
           "live liv livin living stay staying reside located school based from city state"
           " town country area street neighborhood neighbourhood hood county suburb province"
           " region zip zipcode postcode post part address addy location loc hometown home"
           " asl l far wya part addres adress where wer whr wher whre"),

        _r("minor_age_disclosure", Stage.RISK_ASSESSMENT,
           "The writer says they are under 18 (\"im 13\", \"13/f\", \"in 8th grade\"): "
           "evidence about whoever is talking to them.",
           [
               (r"<im> (?:only |just |almost |nearly |about |like |still |really |actually "
                r"|turning |gonna be |going to be |bout )?(?:(?:[5-9]|1[0-7]) ?|<young_w> )"
                r"(?:years old|year old|yrs old|yr old|yrs|yo|y o|y/o)", 1.0, _YOUNG_KW),
               (r"<im> (?:only |just |almost |nearly |about |like |still |really |actually "
                r"|turning |gonna be |going to be |bout )?<minor>(?! ?(?:[0-9]|/[0-9]))<not_age>",
                1.0, _MINOR_KW),
               (r"<im> (?!(?:on|at|in|level|lvl|rank|down|up|like|only|just|about|almost|turning"
                r"|gonna|going|from|with|to|for|the|a|an|number|no|nr|over|under|now|still|only"
                r"|not|and|but|so|bout|nearly|really|actually)\b)[a-z]+,? <minor><not_age>", 0.6,
                _MINOR_KW),
               (r"<minor> ?[/\\|,-] ?(?:f|m|female|male|girl|boy|fem|g|b)", 1.0, _MINOR_KW),
               (r"(?:f|m|female|male|girl|boy) ?/ ?<minor>", 1.0, _MINOR_KW),
               (r"^(?:asl\W*(?=[0-9])|asl\W+)?(?:1[0-7] ?|<minor_w> )(?:f|m|girl|boy|female|male)",
                1.0, _MINOR_KW),
               (r"(?:my age is|my age s|my age|^age|im age)(?: ?: ?| )<minor><not_age>", 1.0,
                _MINOR_KW),
               (r"i (?:just )?turned <minor><not_age>", 0.9, _MINOR_KW),
               (r"i (?:turn|will turn|ll turn|ll be|will be|m turning|am turning) <minor>"
                r" (?:next|in|on|soon|this|tomorrow)", 0.9, _MINOR_KW),
               (r"<im> (?:in |a |an |only a |just a |only in |just in |going into |gonna be in )"
                r"(?:the )?<grade> grade(?:r)?", 1.0, "grade grader"),
               (r"(?<!was )(?<!were )(?<!is )(?<!hes )(?<!shes )(?<!theyre )(?<!son )"
                r"(?<!daughter )(?<!kid )(?<!kids )(?<!brother )(?<!sister )(?<!when )"
                r"(?<!since )in (?:the )?<grade> grade", 0.6, "grade"),
               (r"(?:freshman|sophomore|junior|freshmen|frosh) (?:in|at) (?:high ?school|hs"
                r"|middle school)", 1.0),
               (r"senior (?:in|at) (?:high ?school|hs)", 0.7),
               (r"<im> (?:a |just a |only a )?(?:freshman|sophomore|frosh)", 0.6,
                "freshman sophomore frosh"),
               (r"<im> (?:in|at|still in|only in|just in|going into) (?:middle ?school"
                r"|junior high|jr high|high ?school|hs|ms|elementary|primary school"
                r"|secondary school|year (?:[5-9]|1[01])|yr (?:[5-9]|1[01]))", 0.9,
                "middleschool middle junior jr high highschool hs ms elementary primary"
                " secondary year yr"),
               (r"i (?:go to|attend) (?:middle ?school|junior high|jr high|elementary"
                r"|primary school)", 0.9, "middleschool middle junior jr elementary primary"),
               (r"<im> (?:underage|under age|a minor|under 18|under eighteen|not 18|not even 18"
                r"|not eighteen|only a kid|just a kid|a teenager|a teen|still a kid)", 0.8,
                "underage under minor 18 eighteen kid teenager teen"),
           ],
           _MINOR_KW + " " + _YOUNG_KW + " grade grader freshman sophomore junior senior"
           " freshmen frosh school hs middleschool highschool",
           implicates="others"),

        _r("age_reference", Stage.RISK_ASSESSMENT,
           "Remarks on the other person being a minor, or on the age gap and the legal risk "
           "(\"ur only 13\", \"a girl your age\", \"age is just a number\", \"i could go "
           "to jail\").",
           [
               (r"<youre> (?:(?:only|just|still|so|too|really|very|pretty) )?(?:<minor>"
                r"(?! ?(?:[0-9]|/[0-9]))<not_age>|young|younger than me|a kid|a minor|underage"
                r"|under age|jailbait|jail bait|a little girl|a little boy|just a girl"
                r"|just a boy)", 0.8,
                _MINOR_KW + " young younger kid minor underage under jailbait jail bait little"
                " girl boy"),
               (r"(?<!im a )(?<!i am a )(?<!im )(?<!i am )(?<!my )(?<!was a )(?<!as a )"
                r"(?:1[0-7][ -]?|<minor_w>[ -])(?:years?|yrs?|y)[ -]?o(?:ld)?"
                r"[ -]?(?:girl|boy|kid|like <you>|like u)", 0.8, _MINOR_KW),
               # "ur only a 15-yr-old", "you're just a 14 year old"
               (r"<youre> (?:(?:only|just|still|so) )?(?:a |an )(?:1[0-7]|<minor_w>)[ -]"
                r"(?:years?|yrs?|y)[ -]?o(?:ld)?(?! (?:brother|sister|son|daughter))", 0.8,
                _MINOR_KW),
               (r"(?:girls?|boys?|kids?|someone|somebody|people) <your> age", 0.8, "age"),
               (r"(?:at|for) <your> age(?! (?:group|bracket|range))", 0.5, "age"),
               (r"when i (?:was|were) <your> age", 0.8, "age"),
               (r"about <your> age", 0.5, "age"),
               (r"age (?:is|s) (?:just|only) a number", 1.0, "age number"),
               (r"age (?:doesnt|does not|dont|do not|wont|will not|shouldnt|should not|never)"
                r" matters?", 1.0, "age"),
               (r"(?:i )?(?:dont|do not|wouldnt|would not) care (?:about|what) (?:<your>|the)"
                r" age", 0.9, "age"),
               (r"(?:too|that) young (?:for|to) (?:me|<you>|date|this|that)", 0.6, "young"),
               (r"(?:i|we) (?:could|can|would|will|might|d|ll) (?:get|go|end up) (?:in|to)"
                r" (?:(?:big|so much|serious|a lot of) )?(?:jail|prison|trouble)", 0.9,
                "jail prison trouble"),
               (r"(?:i|we) (?:could|can|would|will|might|d|ll) (?:get )?(?:arrested|locked up)",
                0.9, "arrested locked"),
               (r"(?:its|it is|thats|that is|this is) (?:so |totally |kinda |kind of )?illegal",
                0.6, "illegal"),
               (r"old enough to be <your> (?:dad|daddy|father|mom|mother|grandpa|uncle)", 0.8,
                "old"),
               (r"(?:do|does|would|will) (?:it|my age|the age(?: difference| gap)?|our age"
                r"(?: difference| gap)?) (?:bother|matter to|scare|worry) <you>", 0.9,
                "age bother matter scare worry"),
               (r"age (?:difference|gap)", 0.6, "age"),
           ],
           _MINOR_KW + " young younger kid minor underage under jailbait jail age number"
           " prison trouble arrested locked illegal old bother matter scare worry"),

        _r("supervision_probing", Stage.RISK_ASSESSMENT,
           "Asks whether parents or other adults are around, or whether the child is alone "
           "or checked on (\"are your parents home\", \"r u alone\").",
           [
               (r"(?:<are>|is|iz|s) <your> <family> (?:home|there|around|here|awake|asleep"
                r"|sleeping|out|gone|at work|away|back|nearby|in the room|watching|still up"
                r"|still awake|still home|still there|still out|going out|working late|in bed"
                r"|at home|near|close by|looking|coming home|coming back)", 1.0),
               (r"(?:<your> )?<family> (?:home|there|around|awake|asleep|sleeping|out|gone|away"
                r"|at work|in bed)\s*\?", 0.9),
               (r"<are> <you> (?:home )?(?:all )?(?:alone|by <self>|by yourself|on <your> own"
                r"|home by <self>)", 1.0, "alone own " + _SELF_KW),
               (r"<you> (?:home )?(?:all )?alone\s*\?", 1.0),
               (r"(?:<you>|ya) home alone", 1.0),
               (r"(?:is|are|r) (?:anyone|anybody|someone|somebody|ppl|people) (?:else )?"
                r"(?:(?:home|around|there)(?: with <you>)?|with <you>|in the room|watching"
                r"|in <your> room)", 0.8),
               (r"(?:is|are|r) (?:anyone|anybody|someone|somebody|ppl|people) (?:else )?there",
                0.5),
               (r"who(?:s| is)(?: else)? (?:home|there|around|in the house|in the room) with"
                r" <you>", 0.9, "who whos"),
               (r"who(?:s| is)(?: else)? (?:at )?home", 0.7, "who whos"),
               (r"when (?:do|does|will|is|are|r|d|would|s|did)? ?<your> <family>(?: usually)?"
                r" (?:get back|get home|come home|come back|be home|be back|leave|go out|go to"
                r" bed|go to sleep|go to work|get off|get out|wake up|go away|going|coming"
                r"|getting|gets|comes|leaves|goes)", 1.0),
               (r"(?:do|does|will|would|can|did) <your> <family> (?:ever )?(?:check|read|see"
                r"|look at|go through|know about|monitor|watch|track|snoop|look through)"
                r" (?:<your> |ur )?(?:phone|messages|msgs|texts|chats|chat|computer|laptop|pc"
                r"|dms|ipad|tablet|history|stuff|internet)", 1.0),
               (r"(?:do|does|did|would) <your> <family> know (?:about|that|<you>|<youre>|were|we"
                r"|ur)", 0.9),
               (r"when <your> <family>(?:s| is| s)? (?:at work|out|away|gone|asleep|not home"
                r"|not there|not around|working)", 0.9, _FAMILY_KW),
               (r"(?:do|does|will|would)? ?<your> <family> let (?:<you>|ya)", 0.7),
               (r"(?:<are>|is|s) (?:<your>|ya) <family> (?:very |really |so |dead |well |quite )?"
                r"strict", 0.7, "strict"),
               # getting round the parents' controls
               (r"(?:turn|turning|switch|switching|take|taking) off (?:the |<your> |ya |all )?"
                r"(?:parental controls?|screen ?time|family link|restrictions|child lock)", 0.9,
                "parental screen screentime family restrictions child"),
               (r"(?:disable|remove|get rid of|bypass|get round|get around|get past|hack)"
                r" (?:the |<your> |ya )?(?:parental controls?|screen ?time|family link"
                r"|child lock)", 0.9, "parental screen screentime family child"),
               # the parent's return without naming them: "what time does she get back"
               (r"what time (?:does|do|will|did|d) (?:she|he|they) (?:usually |normally )?"
                r"(?:get|come|be) (?:back|home|in)", 0.6, "time"),
               (r"what time (?:<are> <you>|<do> <you> get|<you>) home", 0.6, "home"),
               (r"(?:have|got|has) (?:a|ur|<your>) (?:phone|computer|laptop|pc|room) of <your>"
                r" own", 0.7, "own"),
               (r"where (?:<are>|is|s|iz) <your> <family>(?! (?:from|moving|born|originally"
                r"|located|living|buried|work|working|stationed|going to school|studying"
                r"|in law))", 0.8),
               (r"where is <your> (?:computer|pc|laptop)", 0.8),
               (r"<your> (?:computer|pc|laptop) in <your> (?:room|bedroom)", 0.8),
               (r"(?:<do> )?<you> have <your> own (?:room|bedroom|computer|pc|laptop|phone)",
                0.6, "own"),
               # "u home?", "you home yet", "cool you alone"
               (r"(?:<are> )?(?:<you>|ya) (?:at )?home(?: yet| now| rn| alone| today| tonight"
                r"| tomorrow)?(?=\s*(?:$|[?!]))", 0.6, "home"),
               (r"(?<!leave )(?<!let )(?<!leaves )(?<!left )(?<!leaving )(?:<you>|ya)"
                r" (?:all )?alone(?=\s*(?:$|[^\w\s]|(?:now|rn|tonight|today|yet)\b))", 0.8,
                "alone"),
               # parent's schedule without "your": "what time your mom get home",
               # "when will mom go out again", "is ur mom working"
               (r"(?:when|what time|wat time|wen) (?:(?:do|does|will|is|are|r|d|would|s|did"
                r"|dose) )?(?:<your> |ya )?(?:mom|mum|mommy|momma|mother|dad|daddy|father|parents"
                r"|stepdad|stepmom|stepmum|grandma|grandpa)s? (?:usually |normally |gonna |going"
                r" to )?(?:get|gets|come|comes|go|goes|leave|leaves|be|work|works|working|home"
                r"|back|off)", 0.8, _FAMILY_KW),
               (r"(?:is|iz|s) (?:<your> |ya )?(?:mom|mum|momma|mother|dad|father|parents"
                r"|stepdad|stepmom) (?:working|at work|gone|out|away|home|sleeping|asleep)"
                r"(?: (?:tonight|today|tomorrow|late|now|rn))?", 0.8,
                "mom mum momma mother dad father parents stepdad stepmom"),
               (r"is it (?:safe|ok|okay|cool) (?:there|to talk|to chat|to call|to text|now|rn"
                r"|for me to (?:call|text|come))", 0.7, "safe ok okay cool"),
               (r"(?:<are> <you>|will <you> be|<youre>|<youre> gonna be) (?:home )?alone"
                r" (?:tomorrow|tonight|this weekend|all day|all night|on|after|when|till|until)",
                0.9, "alone"),
               (r"<youre> (?:home )?(?:all )?alone\s*\?", 0.8, "alone"),
               (r"how long (?:will|would|is|are|r) (?:<your> <family>|he|she|they) (?:be )?"
                r"(?:gone|away|out|at work)", 0.8, "long"),
               (r"(?:when|what time|wat time) (?:will|do|would|does|d)? ?(?:<you>|ya) (?:have to"
                r"|need to|gotta|got to|make it) (?:be )?(?:home|back home)", 0.6, "home"),
               # the child's bedtime: when they are alone and awake
               (r"(?:what time|wat time)(?: <do> <you>| will <you>| <you>| <are> <you>"
                r"| <do> ya)? (?:go|going|gotta go|have to go|get sent|goin) (?:to )?(?:bed|sleep)",
                0.6, "bed sleep"),
               (r"(?:what is|whats|wats|what s|what time is|when is) <your> bed ?time", 0.6,
                "bed bedtime"),
           ],
           _FAMILY_KW + " alone anyone anybody someone somebody ppl people who whos home"
           " computer pc laptop yourself urself yaself uself self own alone safe ok okay cool"
           " long bed bedtime sleep"),

        _r("chat_deletion", Stage.RISK_ASSESSMENT,
           "Asks the child to delete messages or history (\"delete this chat\").",
           [
               (r"(?:delete|del|erase|clear|wipe|remove|get rid of|deleted|erased|cleared"
                r"|wiped|deleting|erasing|clearing|wiping)(?: out)?(?: all| all of| every)?"
                r"(?: this| these| that| those| the| our| <your>| my| ur| all| every| it"
                r" all)?(?: whole| entire)? (?:chat|chats|convo|convos|conversation"
                r"|conversations|messages|message|msgs|msg|texts|text messages|history"
                r"|chat history|log|logs|chat logs|chatlog|dms|emails|browser history"
                r"|search history|call log|call logs|call history|cookies|cache|snaps)", 1.0),
               (r"(?:delete|erase|del|wipe) (?:this|it|that|these|them|everything|all)(?: now)?"
                r" (?:after|when|once|right after|as soon as|before|so)", 1.0),
               (r"make sure (?:<you> )?(?:delete|erase|clear|wipe|del)", 1.0),
               # self-deleting messages as a selling point of another app
               (r"(?:messages|msgs|chats|texts|snaps|it|they|everything) (?:delete|deletes"
                r"|disappear|disappears|vanish|vanishes) (?:themselves|itself|automatically"
                r"|after)", 0.8, "delete deletes disappear disappears vanish vanishes"),
               (r"disappearing (?:messages|msgs|chats|mode)", 0.8, "disappearing"),
               (r"(?:did|have|has) <you> (?:delete|deleted|erase|erased|clear|cleared|wipe"
                r"|wiped)", 0.7),
           ],
           "delete deleted deleting del erase erased erasing clear cleared clearing wipe wiped"
           " wiping remove rid deletes disappear disappears vanish vanishes disappearing"),

        # ====================================================================== EXCLUSIVITY
        # Building a private, exclusive bond: secrets, "only I understand you", moving the
        # conversation somewhere nobody else can see.
        _r("secrecy_request", Stage.EXCLUSIVITY,
           "Asks the child to keep the contact secret (\"don't tell your mum\", \"our secret\").",
           [
               (r"(?:dont|do not|dnt|never|cant|can not|cannot|shouldnt|should not|better not"
                r"|mustnt|must not|no need to|dont need to|do not need to|promise not to"
                r"|promise <you> wont|promise u wont)"
                r" (?:ever )?(?:tell|say|show|mention|talk about|speak about|let on)(?: this| it"
                r"| that| anything| nothing| about (?:this|us|me|it|that))?(?: to)? (?:any ?one"
                r"|any ?body|no ?one|no ?body|<your> (?:<family>|friends|teachers?|friend"
                r"|bf|boyfriend|gf|girlfriend)|ppl|people|others|a soul|the cops|the police"
                r"|teachers?|friends)", 1.0, "tell say show mention talk speak let"),
               (r"(?:dont|do not|dnt|never) (?:ever )?(?:tell|mention) (?:them|him|her|the others"
                r"|<your> \w+)", 0.6, "tell mention"),
               (r"(?:just )?tell (?:her|him|them|<your> <family>) (?:<youre>|ur|you are|u r|ure)"
                r" (?:going|at|staying|with|sleeping|over)", 0.8, "tell"),
               (r"(?:dont|do not) (?:worry about|bother) (?:telling|mentioning it to) (?:him|her"
                r"|them|<your> <family>|any ?one|any ?body)", 0.8, "worry bother"),
               (r"(?:best|better|good) (?:to )?(?:keep|kep) (?:it )?quiet|(?:keep|kep) quiet", 0.6,
                "quiet"),
               (r"(?:tell|share) each other (?:secrets|everything)", 0.9, "secrets everything"),
               (r"<what> (?:<your>|ya) (?:biggest |deepest |darkest )?secret<end>", 0.5, "secret"),
               (r"(?:keep|kep) (?:this|it|that|us|things|everything|what we \w+|our \w+)"
                r"(?: just)? (?:between (?:us|<you> and me|me and <you>|the two of us|us two"
                r"|ourselves)|a secret|secret|quiet|to <self>|on the (?:down ?low|dl|low)"
                r"|private|hush hush|hush|on the hush)", 1.0),
               (r"(?:keep|kep) (?:a )?secrets?", 0.5),
               (r"(?:just |only |strictly )?between (?:<you> and me|me and <you>|u and me|me and"
                r" u|us two|the two of us|ourselves)", 0.8),
               (r"(?:stays?|remains?|is|its|just|only|kept) between us", 0.9),
               (r"our (?:little |lil |special |own )?(?:secret|secrets)", 1.0),
               (r"(?:no ?one|no ?body|none of them)(?: else)? (?:can|should|needs to|need to|has to"
                r"|have to|must|gets to|will|is gonna|is going to|would|ever has to|will ever"
                r"|would ever|shall) (?:ever )?(?:know|find out|hear about|know about|see this"
                r"|see us|read this)", 0.9, "one noone nobody body none"),
               (r"(?:they|<your> (?:<family>|friends)|<your> <family> or <family>)(?: else)?"
                r" (?:cant|can not|cannot|shouldnt|should not|mustnt|must not|can never"
                r"|must never|should never|better not|will never|can ever) (?:ever )?(?:know"
                r"|find out|see this|hear about|know about|read this)", 0.9,
                "they friends " + _FAMILY_KW),
               (r"(?:dont|do not|never) let (?:<your> \w+|any ?one|any ?body|them|<your>"
                r" \w+ \w+|people|ppl) (?:see|know|find out|read|catch|hear)", 1.0, "let"),
               (r"(?:promise|swear)(?: me| to me)? (?:<you>|ya)?(?: wont| will not| wont ever"
                r"| will never| never| not to| u wont| you wont) (?:tell|say|show)", 1.0),
               (r"(?:its|it is|this is|that is|thats)(?: a)? (?:secret|between us)", 0.6),
               # not being found out: "make sure mom doesnt find out", "i dont wanna get caught"
               (r"make sure (?:<your> |ya )?<family> (?:dont|doesnt|does not|do not|wont|isnt"
                r"|is not|never|dnt) (?:follow|find|see|know|catch|hear|check|read|come)", 0.9,
                "sure"),
               (r"(?:dont|do not|dnt|dont wanna|dont want to|i dont wanna|we dont wanna|so we dont"
                r"|so u dont|so you dont|we cant) (?:get )?(?:caught|busted|found out)"
                r"(?! (?:in|up|on|by the)\b)", 0.6,
                "caught busted found"),
               (r"(?:might|would|will|could|gonna|going to|may) (?:be|b|look|seem|get)"
                r" (?:suspicious|suspisious|sus)(?! of)", 0.6, "suspicious suspisious sus"),
               # "if your mom finds out we talk", "your mom will ask lots of questions"
               (r"if <your> <family> (?:ever )?(?:finds?|found) out(?! (?:about (?:the|your)"
                r" (?:surprise|party|present|gift)))", 0.6, "finds find found"),
               (r"<your> <family> (?:might|will|would|could|is gonna|are gonna|is going to"
                r"|are going to|may) (?:ask (?:lots of |a lot of |too many |so many )?"
                r"questions|get suspicious|find out about (?:us|me|this))", 0.7,
                "ask suspicious find"),
           ],
           "secret secrets keep kep between promise swear sure caught busted found suspicious"
           " suspisious sus"),

        _r("isolation", Stage.EXCLUSIVITY,
           "Sets themself up as the only one who understands the child, or turns them against "
           "family and friends (\"your parents don't understand you\").",
           [
               (r"(?:they|<your> <family>|<your> friends|<your> \w+|no ?one|no ?body|none of"
                r" them|people|ppl|others|every ?one else|every ?body else)(?: just| really"
                r"| even| will| would)? (?:dont|do not|doesnt|does not|never|wont|wouldnt"
                r"|will never|would never|cant|cannot|can not|could never|couldnt|didnt) (?:really"
                r" |even |ever |truly |fully |actually |care to |try to )?(?:understand|care"
                r" about|care 4|appreciate|deserve|listen to|respect|see the real) (?:<you>|ya)",
                1.0),
               (r"(?:they|<your> <family>|<your> friends|<your> \w+|no ?one|no ?body|none of"
                r" them|people|ppl|others)(?: just| really| even)? (?:dont|do not|doesnt"
                r"|does not|never|wont|wouldnt|cant|cannot|can not|didnt) (?:really |even "
                r"|ever |truly |fully |actually )?(?:get|know|love) (?:<you>|ya)(?: like)?",
                0.8, "get know love"),
               (r"(?:no ?one|no ?body)(?: else)?(?: really| truly| else really)? (?:understands"
                r"|gets|cares about|loves|knows|listens to|appreciates) (?:<you>|ya)(?! ?\?)"
                r"(?: like (?:i do|me|i))?", 1.0),
               (r"(?:they|people|ppl|<your> <family>|<your> friends|adults)(?: just| really)?"
                r" (?:wouldnt|wont|would not|will not|couldnt|could not|would never|will never"
                r"|dont|do not|never|cant|cannot|can not) (?:ever )?understand(?: us| this"
                r"| what we (?:have|got)| our \w+| about us|(?=\s*(?:$|[^\w\s])))", 0.8),
               (r"<im> (?:the )?only (?:one|person|1|friend|guy|girl)(?: who| that| u| you"
                r"| who really| that really| who truly| who ever| that ever| who actually)?"
                r" (?:really |truly |ever |actually )?(?:gets|understands|cares about|cares 4"
                r"|loves|knows|is there for|listens to|get|understand|care about|love|know"
                r"|listen to|care|cares|trust|u can trust|you can trust|u can talk to"
                r"|you can talk to)(?: <you>| ya)?", 1.0, "only"),
               (r"only (?:i|me) (?:really |truly )?(?:understand|get|know|love|care about"
                r"|care 4|care for)s? (?:<you>|ya)", 1.0, "only"),
               (r"(?:understands|gets|knows|loves) (?:<you>|ya) like (?:i do|me|i)", 1.0),
               (r"(?:<you>|ya) (?:dont|do not|dnt) need (?:them|any ?one|any ?body|anyone else"
                r"|anybody else|<your> <family>|<your> friends|friends|other people|others"
                r"|them anyway)", 1.0),
               (r"(?:<you>|ya) (?:only|just) need me", 1.0),
               (r"<your> (?:<family>|friends) (?:just |really |even )?(?:dont|doesnt|do not"
                r"|does not|never|cant|wont|wouldnt) (?:really |even |ever )?(?:understand"
                r"|get it|care|listen|respect)", 0.8,
                "understand get care listen respect"),
               (r"all (?:<you>|ya) need is me", 1.0),
               (r"<your> (?:friends|<family>)(?: are| r| is| s)(?: just| all| so| really)?"
                r" (?:jealous|fake|controlling|stupid|dumb|annoying|ruining|trying to"
                r" control|holding <you> back|bad for <you>|using <you>|toxic|overprotective"
                r"|too strict|so strict)", 0.7),
               (r"(?:trying|try|going|gonna|want|wanna|want to)(?: to)? (?:keep us apart|split"
                r" us up|break us up|take <you> away|tear us apart)", 1.0),
               (r"(?:theyre|they are|they r|people are|ppl are)(?: just)? jealous(?: of (?:us"
                r"|<you>|what we))?<end>", 0.5),
               # possessive: checking the child talks to nobody else, "ur mine"
               (r"(?:<are> )?(?:<you>|ya) (?:talking|talkin|talkn|chatting|chattin|texting"
                r"|txting|messaging|msging|seeing) (?:to |with )?(?:some ?one else|some ?body else"
                r"|any ?one else|any ?body else|other (?:guys|men|boys|dudes|ppl|people)"
                r"|another (?:guy|man|boy|dude))", 0.8,
                "talking talkin talkn chatting chattin texting txting messaging msging seeing"),
               (r"who else (?:<are>|r|<do>) (?:<you>|ya) (?:talking|talkin|chatting|chattin"
                r"|texting|talk|chat|text) (?:to|with)", 0.7, "who"),
               (r"(?:dont|do not|never|better not) (?:talk|chat|text|talking|chatting) (?:to|with)"
                r" (?:other|any other|another) (?:guys|men|boys|guy|man|boy|dudes|dude)", 0.9,
                "talk chat text talking chatting"),
               (r"(?:the )?only (?:guy|man|boy) for (?:<you>|ya)", 0.8, "only"),
           ],
           "understand understands care cares appreciate appreciates deserve listen listens"
           " respect real nobody noone gets knows loves only need jealous fake controlling"
           " stupid dumb annoying ruining control holding bad using toxic overprotective"
           " strict apart split break away tear talking talkin talkn chatting chattin texting"
           " txting messaging msging seeing who talk chat text"),

        _r("trust_building", Stage.EXCLUSIVITY,
           "Asks for the child's trust or promises to be safe (\"you can tell me anything\", "
           "\"i'd never hurt you\").",
           [
               (r"<you> can (?:always )?(?:tell|trust|talk to) me(?: about| with)?"
                r" (?:anything|everything|any thing|every thing|whatever)", 1.0),
               (r"<you> can (?:always |totally |really |definitely )?trust me", 0.9),
               (r"(?:i ?d never|i would never|i will never|ill never|i ll never|i wont|i wont ever"
                r"|i never|id never|i d never|i would not|i will not|i could never|i cant ever)"
                r" (?:ever )?(?:hurt|judge|betray|lie to|let <you> down|leave|tell on|use|trick"
                r"|harm) <you>", 0.9),
               (r"<im> not like (?:other|those|the other|most) (?:guys|men|people|boys|dudes"
                r"|adults|grown ?ups|girls|women)", 1.0, "other those most"),
               (r"(?:what we have|our (?:relationship|friendship|bond|connection|thing))"
                r"(?: is| s)(?: so| really)? (?:special|different|unique|rare|magic)", 1.0),
               (r"(?:ill|i will|i ll|im|i am) always (?:be )?(?:here|there) (?:<for>|4) <you>",
                0.5),
               (r"<im> always (?:here|around) (?:if|when) (?:<you>|ya) (?:need|want|wanna)", 0.5),
               (r"<you> can (?:always )?(?:talk|come|vent) to me", 0.5, "talk come vent"),
               (r"(?:<you>|ya) can (?:always )?tell me(?=\s*(?:$|[^\w\s]|(?:lol|haha|i|im"
                r"|who|ill|it|its)\b))", 0.5, "tell"),
               # testing boundaries gently: "i dont want to upset u", "dont take it wrong"
               (r"i (?:dont|do not|didnt|did not|would never|wouldnt|never) (?:want|mean|wanna)"
                r" (?:to )?(?:upset|scare|pressure|rush|hurt|offend|disrespect|push|freak out"
                r"|make (?:<you>|ya) uncomfortable) (?:<you>|ya)", 0.7,
                "upset scare pressure rush hurt offend disrespect push freak uncomfortable"),
               (r"(?:dont|do not|please dont|pls dont|plz dont) take (?:it|this|that|me)"
                r" (?:the )?wrong(?: way)?", 0.6, "wrong"),
               (r"(?:<you> )?(?:didnt|did not|dont|do not) mind me (?:saying|asking|telling)",
                0.7, "mind"),
               (r"(?:hope|hopefully) (?:i|that) (?:didnt|did not|dont|do not|wont|will not)"
                r" (?:upset|scare|offend|freak|bother) (?:<you>|ya)", 0.7,
                "upset scare offend freak bother"),
               (r"(?:did|do|does) (?:i|that|it|this) (?:upset|scare|offend|freak|bother)"
                r" (?:<you>|ya)", 0.6, "upset scare offend freak bother"),
               (r"(?:only|just) if (?:<you>|ya) (?:want|wanna|feel|are ready|r ready|re ready)",
                0.5, "want wanna feel ready"),
               (r"(?:we can|we could|ill|i will|i ll) go (?:slow|slowly|at <your> pace)", 0.6,
                "slow slowly pace"),
               (r"(?:<you>|ya) (?:may|might) not be ready", 0.6, "ready"),
               (r"i (?:wont|will not|wouldnt|would not|would never|will never|promise i wont"
                r"|promise not to|aint gonna|not gonna|am not gonna|m not gonna) (?:ever )?tell"
                r"(?: (?:any ?one|any ?body|no ?one|no ?body|a soul|<your> <family>))?"
                r"(?=\s*(?:$|[^\w\s]|(?:tho|though|lol|i|promise|anyways|anyway)\b))", 0.6,
                "tell"),
           ],
           "tell trust talk hurt judge betray lie down leave use trick harm special different"
           " unique rare magic always upset scare pressure rush offend disrespect push freak"
           " uncomfortable wrong mind bother want wanna feel ready slow slowly pace"),

        _r("off_platform_move", Stage.EXCLUSIVITY,
           "Asks to move to another app or a private channel (\"add me on snap\", "
           "\"let's go private\").",
           [
               (r"(?:add|hmu|hit me up|msg|message|text|find|follow|dm|pm|snap|talk|chat"
                r"|talk to me|message me|msg me|hit me|add me|follow me|find me|text me|ping me"
                r"|ping|friend me|contact me|reach me)(?: me)?(?: up)? (?:on|at|in|thru"
                r"|through|via|over|with|from) (?:<apps>|<apps_ambiguous>)", 1.0),
               (r"(?:<do> )?(?:<you>|ya) (?:have|got|use|hav|on|got a|have a|has|using)"
                r" (?:a |an )?<apps>(?! (?:game|games))", 0.9),
               (r"<what> (?:<your>|ya) <apps>(?: name| username| handle| id| user| account"
                r"| addy| number| #)?", 1.0),
               (r"<your> <apps> (?:name|username|handle|id|user|account|addy)", 1.0),
               (r"my <apps>(?: name| username| handle| id| user| account| addy)? (?:is|s|:)",
                0.7),
               (r"(?:go|move|take (?:this|it)|talk|chat|continue(?: this)?|switch|come|take"
                r" this convo|take this chat)(?: somewhere| to somewhere)?(?: more)?"
                r" (?:private|privately|priv|in private|in pm|in dm|to pm|to dm)", 1.0),
               (r"(?:move|take|switch|go|continue|talk|chat|come)(?: this| it| this convo"
                r"| this chat| the convo| this conversation| things| us)? (?:to|on|over to"
                r"|onto|over on) (?:<apps>|<apps_ambiguous>)", 1.0),
               (r"(?:talk|chat|go|move|take this|take it) (?:somewhere else|elsewhere|off here"
                r"|off this (?:site|app|game|server))", 0.9),
               (r"private (?:chat|room|message|msg|convo|conversation|channel|server|chatroom)",
                0.8),
               (r"(?:pm|dm|inbox|private message|privately message|whisper|direct message"
                r"|priv msg) me", 0.7, "pm dm inbox private privately whisper direct priv"),
               (r"send me (?:a )?(?:pm|dm|private message|direct message)", 0.7,
                "pm dm private direct"),
               (r"(?:got|have|has|use|on) <apps>\s*\?", 0.8),
               (r"my (?:username|user name|handle|user|id|tag|gamertag|gt|addy) (?:is|s|:)", 0.6,
                "username user handle id tag gamertag gt addy"),
               (r"add me (?:on |at )?(?=[a-z0-9_.]*[a-z])(?=[a-z0-9_.]*[0-9_])[a-z0-9_.]{3,}", 0.7,
                "add"),
               (r"add [a-z0-9_.]+#[0-9]{4}", 0.9, "add"),
               (r"(?:so |just |pls |plz |please )?add me(?: (?:back|up|plz|pls|please|now))?"
                r"(?=\s*(?:$|[^\w\s]|lol\b))", 0.6, "add"),
           ],
           _APP_KW + " private privately priv pm dm inbox whisper somewhere elsewhere off"),

        # ========================================================================== SEXUAL
        # Sexualising the conversation, normalising it, and pressure to comply.
        _r("sexualisation", Stage.SEXUAL,
           "Sexual talk or questions about the child's body or experience (\"ur sexy\", "
           "\"what are you wearing\", \"have u ever been kissed\").",
           [
               (r"(?:sexy|sexi|sexii|sexxy|sxy|secksy|sexey|sexting|sext|horny|hornie|naked"
                r"|nakid|nude|nudes|noods|noodz|nudez|kinky|boobs|boob|boobies|tits|titties"
                r"|nipple|nipples|dick|penis|cock|pussy|vagina|clit|bra|bras|panties|panty"
                r"|undies|thong|lingerie|masturbate|masturbating|masturbation|orgasm|cum"
                r"|cumming|porn|porno|erection|boner|blowjob|blow job|handjob|hand job"
                r"|oral sex|virginity|topless|undress|undressed|undressing|spank|spanking"
                r"|strip for me|stripping for me|private parts)", 0.9),
               (r"(?:sex|sexual|sexually|naughty|kink|underwear|bikini|privates)", 0.5),
               (r"<what> (?:<are> |r |re )?(?:<you>|ya) (?:wearing|wearin)(?! (?:to|2|tomorrow"
                r"|for|4)\b)", 1.0),
               (r"(?:have|hav|has|did|do|<are>|have ever) (?:<you>|ya) (?:ever )?(?:been )?"
                r"(?:kissed|kiss|made out|make out|had sex|been touched|touched|done it"
                r"|fooled around|messed around)", 1.0,
                "kissed kiss made make sex touched done fooled messed"),
               (r"ever (?:been )?(?:kissed|made out|had sex|done it)", 0.9,
                "kissed made sex done"),
               (r"(?:<are>|<youre>) (?:<you> )?(?:still )?(?:a )?virgin", 1.0),
               (r"(?:make|made|making|makin) out (?:with|w|wit)", 0.8, "make made making makin"),
               (r"(?:turn|turns|turned|turning) (?:me|<you>|u) on", 0.9),
               (r"touch (?:<self>|urself|yourself|ur self|<your> \w+ for me)", 1.0),
               (r"take (?:off )?(?:<your>|ur|ya) (?:clothes|shirt|top|pants|bra|panties"
                r"|underwear|jeans|skirt|dress|shorts)(?: off)?", 1.0, "take"),
               (r"(?:youre|you are|u are|u r|you r|ure|ur|your|you look|u look|ya look)(?: so"
                r"| really| very| rly| super| damn| hella| fucking| fkn| fking)*"
                r" (?:hot|hawt|sexy)(?=\s*(?:$|[^\w\s]|(?:lol|haha|af|too|2|babe|baby|girl"
                r"|and|tho|ngl)\b))", 1.0, "hot hawt sexy"),
               (r"(?:in|wearing) (?:just |only )?(?:<your> |ur )?(?:underwear|bra|panties"
                r"|pjs|pajamas|pyjamas|towel|bikini|swimsuit)", 0.7,
                "underwear bra panties pjs pajamas pyjamas towel bikini swimsuit"),
               (r"(?:how|what) (?:big|size) (?:<are>|is|r) (?:<your>|ur)", 0.7, "big size"),
           ],
           "sexy sexi sexii sexxy sxy secksy sexey sexting sext horny hornie naked nakid nude"
           " nudes noods noodz nudez kinky boobs boob boobies tits titties nipple nipples dick"
           " penis cock pussy vagina clit bra bras panties panty undies thong lingerie"
           " masturbate masturbating masturbation orgasm cum cumming porn porno erection boner"
           " blowjob blow handjob hand oral virginity topless undress undressed undressing"
           " spank spanking strip stripping private sex sexual sexually naughty kink underwear"
           " bikini privates wearing wearin virgin out turn turns turned turning touch"),

        _r("desensitisation", Stage.SEXUAL,
           "Tells the child that sexual or secret things are normal (\"it's normal at your "
           "age\", \"everyone does it\").",
           [
               (r"(?:its|it is|thats|that is|totally|completely|perfectly|very|is|s)(?: \w+)?"
                r" (?:normal|natural|ok|okay|fine|healthy) (?:at|for|4) (?:<your>|ur|a \w+ at"
                r" <your>) age", 1.0, "age"),
               (r"(?:all|most|lots of|alot of|a lot of|many|other|plenty of)(?: the)? (?:girls"
                r"|kids|boys|teens|people|ppl) (?:<your>|ur) age", 1.0, "age"),
               (r"(?:every ?one|every ?body|all (?:the )?(?:girls|kids|boys|teens)(?: <your> age)?)"
                r" (?:does|do|is doing|are doing|has done|have done|tries|try) (?:it|that|this)",
                0.4, "everyone everybody every girls kids boys teens"),
               (r"nothing to be (?:ashamed|embarrassed|shy|scared|afraid|nervous) (?:of|about)",
                0.5),
               (r"(?:dont|do not|no need to|dont need to|never) be (?:so )?(?:shy|embarrassed"
                r"|ashamed|nervous)", 0.5),
               (r"(?:its|it is|thats|that is)(?: totally| completely| perfectly| just)?"
                r" (?:normal|natural)(?: to (?:want|feel|be curious|explore|do|try))", 0.6),
           ],
           "normal natural ashamed embarrassed shy scared afraid nervous"),

        _r("pressure_threat", Stage.SEXUAL,
           "Pressures or threatens the child (\"if you don't i'll\", \"you promised\", "
           "\"i'll tell everyone\").",
           [
               (r"if (?:<you>|ya) (?:dont|do not|wont|will not|refuse|say no|stop|block|ignore"
                r"|leave|dont do|dnt|cant|wont do|dont send|dont come)(?:[^.!?]{0,40}?)"
                r" (?:ill|i will|i ll|im gonna|im going to|i am going to|i am gonna|imma|ima"
                r"|then ill|i swear)", 1.0, "if"),
               (r"if (?:<you>|ya) (?:ever )?tell (?:any ?one|any ?body|<your> (?:<family>"
                r"|friends|teacher))", 0.9, "if"),
               (r"if (?:<you>|ya) (?:really |actually |truly )?(?:loved|love|liked|like"
                r"|cared about|care about|trusted|trust|cared 4) me(?:,? (?:<you>|ya)"
                r"(?:d| would| will|ll))?", 0.9, "if"),
               (r"(?:<ill>|i (?:swear|promise) ill) (?:tell|show|send|post|share|leak|expose"
                r"|put|spread|upload|forward|give)(?: it| this| them| those| the pics| <your>"
                r" pics| everything| the pictures| the messages| our chats| these)?(?: to| on)?"
                r" (?:every ?one|every ?body|<your> (?:<family>|friends|school|teacher"
                r"|teachers|classmates|class|followers|contacts)|the whole school|all <your>"
                r" friends|online|the internet|every1)", 1.0,
                "tell show send post share leak expose put spread upload forward give"),
               (r"i know where (?:<you>|ya) (?:live|go to school|stay)", 1.0, "where"),
               (r"(?:<you>|ya) (?:promised|promise)(?! me nothing)(?: me)?", 0.7),
               (r"(?:<you>|ya) owe me", 0.8),
               (r"prove (?:it|that)(?=\s*(?:$|[^\w\s]|to me))", 0.5),
               (r"prove (?:<youre>|<you> are|<you>r) ", 0.6),
               (r"(?:youll|you ll|you will|u will|u ll|ull|ya ll|youre gonna|ur gonna) (?:be sorry"
                r"|regret)", 0.9, "sorry regret"),
               (r"or else(?=\s*(?:$|[^\w\s]))", 0.6),
               (r"(?:dont|do not) make me", 0.6, "make"),
               (r"(?:dont|do not|stop) be(?:ing)? (?:a |such a |so )?(?:baby|chicken|scaredy"
                r" cat|wimp|tease|prude|boring|lame|killjoy|pussy)", 0.6),
               (r"(?:<you>|ya) (?:have|got|need) (?:to|2) (?:send|prove|show me)", 0.7,
                "send prove show"),
           ],
           "promised promise owe prove else baby chicken scaredy wimp tease prude boring"
           " lame killjoy pussy"),

        # ====================================================================== CONCLUSION
        # Moving the contact offline: phone, arranging to meet.
        _r("phone_contact", Stage.CONCLUSION,
           "Asks for the child's phone number or to call or text them (\"whats ur number\", "
           "\"text me\").",
           [
               (r"(?:<what>|gimme|give me|send me|can i (?:have|get)|could i (?:have|get)|may i"
                r" (?:have|get)|i need|i want|lemme (?:have|get)|let me (?:have|get)|got"
                r"|drop|i wanna have) (?:<your>|ya) (?:phone |cell |mobile |home )?"
                r"(?:number|num|numba|digits|cell|mobile|fone|phone number|fone number"
                r"|cell number)", 1.0),
               (r"(?:<what>|gimme|give me|send me|can i (?:have|get)|could i (?:have|get)|may i"
                r" (?:have|get)|i need|i want|lemme (?:have|get)|let me (?:have|get)|drop)"
                r" (?:<your>|ya) #", 1.0, ""),
               (r"(?:<your>|ya) (?:phone|cell|mobile|fone) (?:number|num|#|no)", 1.0),
               (r"(?:<your>|ya) (?:number|num|numba|digits)\s*\?", 0.9),
               (r"(?:<your>|ya) #\s*\?", 0.9, ""),
               (r"(?:text|txt|call|ring|phone|facetime|sms) me(?! (?:on|at|in|thru|through|via)"
                r" (?:<apps>|<apps_ambiguous>))", 0.7),
               (r"(?<!what )(?:can|could|should|may|shall|will|let me|lemme|i ?ll|i will|i can"
                r"|i could|i wanna|i want to|id like to|i d like to) (?:i )?(?:text|txt|call"
                r"|ring|phone|facetime) (?:<you>|ya)", 0.8),
               (r"(?:message|msg|text|txt|call|ring) me on (?:this|my|that|the) (?:number|phone"
                r"|cell|mobile)", 0.9, "number phone cell mobile"),
               (r"my (?:phone |cell |mobile )?(?:number|num|cell|digits) (?:is|s|:)", 0.9,
                "number num cell digits phone mobile"),
               (r"here(?:s| is| s) my (?:phone |cell )?(?:number|num|cell|digits)", 0.9,
                "number num cell digits phone"),
               (r"(?:here(?:s| is| s) )?my # ?(?:is|s|:)?", 0.9, ""),
               (r"(?:\+?1[ .-]?)?\(?[0-9]{3}\)?[ .-]?[0-9]{3}[ .-]?[0-9]{4}", 0.8),
               # "you gonna call?", "i gonna call you", "have me call u", "please call"
               (r"(?:<you>|ya) (?:gonna|going to|gona|gunna|will|still gonna|ever gonna|gon)"
                r" (?:call|text|txt|phone)(?: me)?(?=\s*(?:$|[^\w\s]|(?:later|tonight|tomorrow"
                r"|or|lol)\b))", 0.7, "call text txt phone"),
               (r"(?<!what )(?<!wat )(?:i|im|i m|ill|i ll|i will) (?:gonna|going to|gona|gunna"
                r"|will|wanna) (?:call|text|txt|phone) (?:<you>|ya)", 0.8, "call text txt phone"),
               (r"(?:have|let) me (?:call|text|txt|phone) (?:<you>|ya)", 0.8,
                "call text txt phone"),
               (r"^(?:please |pls |plz |just |ok |so |then |still )?(?:call|text me|txt me|call me)"
                r"(?: (?:me|now|plz|pls|please|back|asap))*"
                r"(?=\s*(?:$|[^\w\s]))", 0.6, "call text txt"),
               (r"(?:wanna|want to|i wanna|i want to|can we|we can|lets|could we|we could|maybe)"
                r" (?:\w+ )?(?:talk|chat|speak) on (?:the )?(?:phone|fone|cell)", 0.8,
                "phone fone cell"),
           ],
           "number num numba digits cell mobile fone phone text txt call ring facetime sms",
           trigger=r"[0-9]{3}|#"),

        _r("meeting_arrangement", Stage.CONCLUSION,
           "Tries to arrange meeting in person (\"wanna meet up\", \"i can pick you up\").",
           [
               (r"(?:wanna|want to|want 2|wana|gonna|going to|should|could|can|lets|let s|let us"
                r"|would love to|would like to|wud|try to|plan to|able to|chance to|time to"
                r"|ever|i ?d love to|id like to)(?: finally)?(?: we)? meet(?: up| irl"
                r"| in person| in real life| face to face| f2f| halfway| somewhere| sometime"
                r"| someday| u| <you>| me| each other)?", 1.0, "meet"),
               (r"meet (?:up|irl|in person|in real life|face to face|f2f|halfway|somewhere"
                r"|sometime|at|near|by|after school|before school|tonight|tomorrow|this weekend)",
                0.8, "meet"),
               (r"meetup", 0.8),
               (r"pick (?:<you>|ya) up", 1.0),
               (r"(?:come|coming|cum) (?:over|round|around)(?! (?:here|there)\b)", 0.7),
               (r"(?:pop|popping|nip) (?:round|over|by)(?! (?:here|there)\b)", 0.7,
                "pop popping nip"),
               (r"come (?:to|2) (?:my|<your>|ur) (?:place|house|apartment|apt|room|hotel|car"
                r"|flat|crib)", 1.0, "come"),
               (r"(?:come|coming) (?:see|visit|get|pick up) (?:me|<you>)", 0.9, "come coming"),
               (r"(?:<ill>|i ?m|i am|we can|we could) (?:drive|come|fly|travel|take the bus"
                r"|take a bus|take the train|walk|ride|bike|head) (?:to|2|over|down|up|out"
                r"|there|by|round) (?:(?:<your>|ur) (?:place|house|home|town|city|area|school"
                r"|work|side|way)|(?:where|wherever) <you>|see <you>|visit <you>|meet <you>"
                r"|get <you>|pick <you> up|<you>)", 0.9,
                "drive come fly travel bus train walk ride bike head"),
               (r"<ill> (?:drive|fly|travel) (?:to|2|down|up|out|over)", 0.9),
               (r"(?:<ill>|i) (?:drive|take|walk|give) (?:<you>|ya) (?:to|home|a ride|a lift"
                r"|there)", 0.8, "drive take walk give"),
               (r"(?:wherever|where ever) (?:<you>|ya) (?:live|are|r)\W+(?:<ill>|i) (?:drive"
                r"|come|travel|fly)", 0.9, "drive come travel fly"),
               (r"where (?:can|could|should|do|shall|would) (?:we|i) meet", 1.0, "meet"),
               (r"when (?:can|could|will|do|should|shall) (?:i|we) (?:see|meet) (?:<you>|ya"
                r"|each other|u)", 1.0, "see meet"),
               (r"(?:see|meet) (?:<you>|ya|each other) (?:in person|irl|in real life|face to"
                r" face|f2f)", 1.0, "see meet"),
               (r"what time (?:should|can|do|shall|will) (?:i|we) (?:come|meet|pick|get|be)",
                0.8, "time"),
               (r"(?:sneak|sneek) (?:out|away)", 0.9),
               (r"(?:wanna|want to|lets|let s|we should|we could|can we|could we|should we"
                r"|we can) (?:hang out|hangout|hang|chill)(?: (?:sometime|together|irl"
                r"|in person|this weekend|with me|at my \w+))?", 0.6),
               (r"(?:my|a) (?:hotel|motel) room", 0.7),
               # "can i see u today", "i wanna c u", "i was hoping to see you"
               (r"(?:can|could|when can|when could) i (?:come )?(?:see|c) (?:<you>|ya)"
                r"(?! (?:in|at|on) (?:class|school|work|church|practice)\b)", 0.7, "see c"),
               (r"(?:can|could|when can|will) (?:<you>|ya) (?:come )?(?:see|c|meet) me", 0.7,
                "see c meet"),
               (r"(?:i wanna|i want to|i wana|i need to|i have to|hopping to"
                r"|cant wait to|cant wait 2|just wanna|i really wanna|i really want to|to finally"
                r") (?:get to )?(?:see|c) (?:<you>|ya)(?! (?:in|at|on) (?:class|school|work"
                r"|church|practice|the game)\b)(?! (?:guys|all|tomorrow at work)\b)", 0.6,
                "see c"),
               (r"meet me(?: (?:at|in|by|near|outside|somewhere|there|halfway|tonight|tomorrow"
                r"|after|behind|around))", 0.9, "meet"),
               (r"(?:<ill>|i will|i ll) (?:come|drive) (?:up |down |over )?(?:there|to <your>"
                r" (?:place|house|town)|to see <you>)(?! (?:for|on time|at the meeting)\b)", 0.6,
                "come drive"),
           ],
           "meet meetup pick come coming cum drive fly travel sneak sneek hang hangout chill"
           " hotel motel"),
    ]
