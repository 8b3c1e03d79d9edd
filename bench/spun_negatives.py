"""Clean paragraphs written for the spun evaluation: British English and other languages.

They hold the words a spinner lexicon must not touch in real text ("in the 12 months to
March", "towards", "defence", "the authorities", "final", quotations); none is spun.
"""

from __future__ import annotations

BRITISH = (
    "Inflation in the 12 months to March fell to 3.2%, the Office for National Statistics "
    "said, the lowest rate for two and a half years. The Chancellor told the Commons that the "
    "government would honour its pledge to bring down borrowing towards the end of the "
    "parliament, but Labour said families across the country were still struggling with "
    "their energy bills. The Bank of England is expected to hold interest rates at its next "
    "meeting, although some economists believe a cut could come as early as the summer. "
    "Shadow ministers accused the authorities of being slow to act on the cost of living.",
    "Police in Greater Manchester have charged a 34-year-old man with murder after a woman "
    "was found dead at a flat in Salford on Saturday morning. Officers were called to the "
    "property shortly after 7am. A post-mortem examination is due to take place, and the "
    "victim's family are being supported by specially trained officers. Detective Chief "
    "Inspector Sarah Hughes said: \"Our thoughts remain with her family at this terribly "
    "difficult time. I would urge anyone with information to come forward.\"",
    "The Ministry of Defence has confirmed that two Royal Navy frigates will be despatched to "
    "the Gulf this autumn, in accordance with the defence review published last year. The "
    "Defence Secretary said the deployment would strengthen the UK's commitment to its "
    "allies. Opposition MPs questioned whether the armed forces had the personnel to sustain "
    "the mission, pointing to recruitment figures that have fallen in each of the past five "
    "years.",
    "England will face Australia in the final on Sunday after a dramatic semi-final win at "
    "Twickenham, where the captain's late try settled a match that had swung back and forth "
    "for 80 minutes. The head coach, whose contract runs for another 12 months, praised the "
    "side's character. \"We were under the cosh for long periods, but the lads kept "
    "going,\" he said. Tickets for the final sold out within hours.",
    "The band's live performance at the Royal Albert Hall was recorded for a concert film, "
    "due out in cinemas next month. Critics praised the orchestral arrangements, and the "
    "singer dedicated the final song to her late father. The tour continues in Glasgow and "
    "Cardiff before moving on to Europe in the new year.",
    "Residents in the Somerset Levels have been told to prepare for further flooding after "
    "the Environment Agency issued 40 flood warnings across the south-west. The council said "
    "sandbags were available at three collection points, and that its emergency centre "
    "would remain open overnight. Farmers said the wet weather had already cost them a "
    "season's harvest.",
)

NON_ENGLISH = (
    "Der Bundestag hat am Donnerstag ein umstrittenes Gesetz zur Reform der Rentenversicherung "
    "beschlossen. Die Bundesregierung erklärte, die Maßnahmen seien notwendig, um das System "
    "langfristig zu sichern. Die Opposition kritisierte, dass jüngere Beschäftigte die "
    "Hauptlast tragen müssten. Nach Angaben des Arbeitsministeriums sollen die Änderungen im "
    "kommenden Jahr in Kraft treten.",
    "Le gouvernement a annoncé jeudi une série de mesures pour soutenir les agriculteurs "
    "touchés par la sécheresse. Selon le ministre de l'Agriculture, plus de dix mille "
    "exploitations ont subi des pertes importantes cet été. Les syndicats agricoles ont salué "
    "un premier pas, tout en réclamant des aides plus rapides et plus simples à obtenir.",
    "El Gobierno de España aprobó este martes un paquete de ayudas para las familias "
    "afectadas por las inundaciones en Valencia. Según el Ministerio del Interior, más de "
    "dos mil viviendas sufrieron daños graves. Los vecinos denunciaron que la alerta llegó "
    "tarde y exigieron explicaciones a las autoridades regionales.",
    "Il presidente del Consiglio ha incontrato ieri a Roma i rappresentanti dei sindacati per "
    "discutere la legge di bilancio. Secondo fonti vicine al governo, l'esecutivo intende "
    "ridurre le tasse sul lavoro per i redditi medi e bassi. I sindacati hanno annunciato una "
    "mobilitazione nazionale se le loro richieste non saranno accolte.",
)
