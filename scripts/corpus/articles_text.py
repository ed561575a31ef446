"""Plain-text articles (fictional stories written for the sample corpus).

Written as corpus/text/<region>/<slug>.txt: line 1 the headline, a blank line, then the
paragraphs separated by blank lines, UTF-8.  The folder name is the region; there is no date.
"""

ARTICLES = [
    dict(
        slug="glenmurran-thistle-cup-run",
        headline="Glenmurran Thistle reach cup semi-final for first time",
        region="Scotland",
        paragraphs=[
            "Glenmurran Thistle are through to the semi-finals of the Scottish Cup for the first time in the club's 131-year history after a 1-0 win away from home.",
            "Captain Ross Gilchrist scored the only goal ten minutes from time, turning in a cross from teenage winger Callum Duthie.",
            "More than 3,000 fans travelled from the town, and the club has asked for a bigger allocation of tickets for the semi-final at Hampden.",
            "Manager Duncan Reid said the win was for the people of Glenmurran after a hard winter of floods.",
            "The cup run has already earned the part-time club about £250,000 in prize money and television fees.",
            "The semi-final draw will be made on Sunday.",
        ],
    ),
    dict(
        slug="aberllyn-flood-defences-plan",
        headline="Aberllyn sea defences plan goes on show",
        region="Wales",
        paragraphs=[
            "Plans for new sea defences to protect Aberllyn's seafront from storms and rising sea levels have gone on show at the town's library.",
            "The £21m scheme would raise the promenade by a metre, rebuild the sea wall that collapsed in 2008 and place rock armour in front of the lifeboat station.",
            "Engineers say more than 400 homes and businesses are at risk of flooding from the sea, a figure expected to double by 2070.",
            "Some hotel owners are worried that a higher wall will block views of the bay from ground-floor rooms.",
            "The council says the defences have been designed with glass panels at key points, and will hold a second exhibition in the spring.",
            "If approved, work would start in 2015 and take three years.",
        ],
    ),
    dict(
        slug="hartwells-half-year-results",
        headline="Hartwell's profits rise on demand for coffee and pastries",
        region="Business",
        paragraphs=[
            "The bakery chain Hartwell's has reported a 9% rise in half-year profits to £14.2m, helped by strong sales of coffee and pastries.",
            "The company, which has 395 shops, said customers were treating themselves to smaller items even as they cut back on bigger purchases.",
            "Sales at the chain's shops at railway stations rose by 12%, while high street shops were flat.",
            "Chief executive Joanna Hartwell said the firm would open 25 more shops this year, including its first in Scotland.",
            "The family-owned business is also testing a delivery service from its Kettlebury bakery to offices in the West Midlands.",
            "The company warned that wheat prices had risen sharply after a poor harvest, which could put pressure on margins.",
        ],
    ),
    dict(
        slug="llanfarren-hospital-beds-winter",
        headline="Extra beds opened at Llanfarren hospital for winter",
        region="Health",
        paragraphs=[
            "Twelve extra beds have been opened at Llanfarren Community Hospital to ease winter pressure on the district general hospital at Glanrafon.",
            "The beds will be used for older patients who are well enough to leave an acute ward but still need nursing care before they can go home.",
            "The health board said delays in discharging such patients were the main reason for long waits in emergency departments last winter.",
            "The ward, which closed in 2012, has been refurbished and staffed with nurses recruited from agencies and from the Philippines.",
            "Campaigners who fought to save the hospital's maternity unit welcomed the move, but said the beds should be open all year round.",
        ],
    ),
    dict(
        slug="phone-signal-map-rural",
        headline="Crowd-sourced map reveals mobile signal blackspots",
        region="Technology",
        paragraphs=[
            "A map built from readings sent in by more than 50,000 smartphone users has revealed hundreds of places in rural Britain with no usable mobile signal.",
            "The app, created by a group of volunteers in Upper Denby, records signal strength in the background and uploads it anonymously.",
            "The worst areas included valleys in mid Wales, the Scottish Highlands and parts of the Welsh Marches, where some villages had no coverage from any network.",
            "Operators' own coverage maps often show a signal in places where users cannot make a call, the volunteers said.",
            "Orbelle Mobile said it welcomed the data and would use it to plan new masts, but warned that some sites were hard to reach.",
            "The regulator is considering publishing similar maps based on measurements taken by its own engineers.",
        ],
    ),
    dict(
        slug="vellaro-mayor-re-elected",
        headline="Vellaro mayor re-elected on promise of more trams",
        region="Europe",
        paragraphs=[
            "Lucia Fontana has been re-elected mayor of the Italian hill town of Vellaro with 61% of the vote, after a campaign dominated by the town's new tram line.",
            "She promised to extend the line to the hospital and the new housing estates on the plain below the town.",
            "Her opponent, businessman Paolo Ricci, argued that the €38m spent on the tram would have been better used repairing roads and schools.",
            "Turnout was 68%, down from 74% at the last election.",
            "Ms Fontana said the result showed residents wanted a town where they could live without a car.",
            "The extension would need funding from the regional government, which has not yet committed any money.",
        ],
    ),
    dict(
        slug="kettlebury-museum-funding",
        headline="Kettlebury Museum of Clocks wins £1.2m grant",
        region="West Midlands",
        paragraphs=[
            "The Kettlebury Museum of Clocks has been awarded £1.2m to build a new gallery and improve security, years after its most famous exhibit was stolen.",
            "The Ashworth carriage clock, taken in a break-in in 2007, has never been recovered.",
            "The new gallery will tell the story of the town's clockmaking trade, which employed more than 2,000 people in the 1880s.",
            "Curator Martin Lyle said the money would also pay for a workshop where visitors could watch restorers at work.",
            "The museum attracts about 30,000 visitors a year, many of them school groups.",
            "It will close for six months from January while the work is carried out.",
        ],
    ),
    dict(
        slug="cape-harrow-storm-wharf",
        headline="Storm wrecks Cape Harrow's wharf",
        region="Americas",
        paragraphs=[
            "A winter storm has wrecked the wharf at Cape Harrow in Newfoundland, months before the town's boats were due to start fishing for cod again.",
            "Waves more than eight metres high tore away a section of the wharf and damaged the slipway used to haul boats out of the water.",
            "Nobody was hurt, but several sheds holding fishing gear were washed into the harbour.",
            "Town officials estimate repairs will cost at least $2m and have asked the federal government for emergency help.",
            "Fisherman Joe Fitzgerald said the community had waited decades for the cod to return and would not give up now.",
            "The storm also cut power to about 15,000 homes along the coast.",
        ],
    ),
]
